package io.gevent4j.pywsgi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The request body as the handler reads it ({@code exchange.getRequestBody()}), framed by a
 * Content-Length ({@link FixedBody}) or chunked ({@link ChunkedBody}).
 *
 * <p>The first read sends {@code 100 Continue} if the client waits for it. A protocol error (a bad
 * chunk, a body over the limit) or a failed read is kept: the handler gets it as an
 * {@code IOException}, and the server answers it (400, 413, 408) if the handler had not responded.
 * Once the exchange is over the stream refuses every read, so a handler that kept it cannot read the
 * next request.
 *
 * <p>Confined to the connection's greenlet (or the thread the handler runs on, while it runs).
 */
abstract sealed class RequestBody extends InputStream permits FixedBody, ChunkedBody {
    final Connection connection;
    final InputBuffer in;
    private boolean closed;
    private boolean over;
    private byte[] one;
    /** The first read failure: the server's answer when the handler did not give one. */
    IOException failure;

    RequestBody(Connection connection) {
        this.connection = connection;
        this.in = connection.in;
    }

    /** Reads up to {@code len} (at least 1) body bytes; -1 at the end of the body. */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** Whether every byte of the body has been read. */
    abstract boolean atEnd();

    /** Body bytes readable without waiting. */
    abstract int buffered();

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (over) {
            throw new IOException("the exchange is over: its request body can no longer be read");
        }
        if (closed) {
            throw new IOException("the request body was closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        connection.continueIfExpected();
        try {
            return readBody(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public final int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int available() {
        return over || closed || failure != null ? 0 : buffered();
    }

    /** Marks the stream closed; what is left of the body is read and dropped when the exchange ends. */
    @Override
    public final void close() {
        closed = true;
    }

    /**
     * When the exchange ends: reads and drops what is left of the body, up to {@code most} bytes, so
     * the connection can serve its next request. Returns false when it cannot (too much left, or an
     * error); the connection must then close.
     */
    final boolean drain(long most) {
        over = true;
        if (failure != null) {
            return false;
        }
        if (atEnd()) {
            return true;
        }
        byte[] scratch = new byte[1024];
        long dropped = 0;
        try {
            for (int n; (n = readBody(scratch, 0, scratch.length)) >= 0; ) {
                dropped += n;
                if (dropped > most) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            failure = e;
            return false;
        }
    }

    /** Refuses every later read. */
    final void end() {
        over = true;
    }
}
