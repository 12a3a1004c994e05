package io.gevent4j.pywsgi;

import java.io.EOFException;
import java.io.IOException;

/** A request body of a declared length (none: length 0). */
final class FixedBody extends RequestBody {
    private long remaining;

    FixedBody(Connection connection, long length) {
        super(connection);
        this.remaining = length;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining), connection.limits.readMillis());
        if (n < 0) {
            throw new EOFException(
                    "the client closed the connection " + remaining + " bytes before the end of the request body");
        }
        remaining -= n;
        return n;
    }

    @Override
    boolean atEnd() {
        return remaining == 0;
    }

    @Override
    int buffered() {
        return (int) Math.min(remaining, in.available());
    }
}
