package io.gevent4j.pywsgi;

import java.io.IOException;

/**
 * A request the server refuses: a malformed or oversized head, a bad chunk, a body over the limit.
 * Carries the status to answer with; the connection is closed after the answer. A handler reading
 * the body sees it as the {@code IOException} it is.
 */
final class HttpError extends IOException {
    private static final long serialVersionUID = 1L;

    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
