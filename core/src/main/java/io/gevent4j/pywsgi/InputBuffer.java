package io.gevent4j.pywsgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A connection's input: one buffer over the socket's stream, read by the request parser in place.
 *
 * <p>The bytes before {@link #floor} belong to the request being served (its head, which the exchange
 * turns into headers only if asked) and are never moved or overwritten while it is served; the body is
 * read into the space after them. {@link #startRequest()} moves what is left (a pipelined request) to
 * the front. The buffer grows up to a bound fixed by the limits, so a hostile client can make it no
 * larger.
 *
 * <p>Before every read that may wait, pending output is flushed: a response is never held back while
 * the connection waits for the client.
 *
 * <p>Confined to the connection's greenlet.
 */
final class InputBuffer {
    private static final int INITIAL_SIZE = 4096;
    /** Body reads at least this long bypass the buffer once it is empty. */
    private static final int DIRECT_READ = 4096;

    private final Socket socket;
    private final InputStream in;
    private final OutputBuffer pendingOutput;
    private final int maxSize;
    byte[] buf;
    /** The next unread byte. */
    int pos;
    /** The end of the bytes read. */
    int limit;
    /** Bytes before it are kept until the next {@link #startRequest()}. */
    int floor;
    /** The socket's SO_TIMEOUT as last set, to set it only when it changes. */
    private int timeoutMillis = -1;
    /** The client closed its side, or a read failed (not for a timeout): it is gone. */
    private boolean gone;

    InputBuffer(Socket socket, InputStream in, OutputBuffer pendingOutput, int maxSize) {
        this.socket = socket;
        this.in = in;
        this.pendingOutput = pendingOutput;
        this.maxSize = maxSize;
        this.buf = new byte[Math.min(INITIAL_SIZE, maxSize)];
    }

    int available() {
        return limit - pos;
    }

    /** Drops the finished request: what is left moves to the front, and nothing is kept. */
    void startRequest() {
        int left = limit - pos;
        if (pos > 0 && left > 0) {
            System.arraycopy(buf, pos, buf, 0, left);
        }
        pos = 0;
        limit = left;
        floor = 0;
    }

    /**
     * Reads more bytes after {@link #limit}, waiting at most {@code timeoutMillis} (0: no limit).
     * Returns false at the end of the stream.
     *
     * @throws java.net.SocketTimeoutException when nothing came in time
     * @throws IllegalStateException when the buffer is full and at its bound (callers keep within it)
     */
    boolean fill(int timeoutMillis) throws IOException {
        makeRoom();
        int n = receive(buf, limit, buf.length - limit, timeoutMillis);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    /** Whether the client closed its side or a read failed. */
    boolean clientGone() {
        return gone;
    }

    /**
     * Reads up to {@code len} bytes of a body into {@code b}: buffered ones first, else straight from
     * the socket for long reads. Returns -1 at the end of the stream.
     */
    int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (pos == limit) {
            if (len >= DIRECT_READ) {
                return receive(b, off, len, timeoutMillis);
            }
            if (!fill(timeoutMillis)) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private int receive(byte[] b, int off, int len, int millis) throws IOException {
        pendingOutput.flush();
        if (millis != timeoutMillis) {
            socket.setSoTimeout(millis);
            timeoutMillis = millis;
        }
        try {
            int n = in.read(b, off, len);
            gone |= n < 0;
            return n;
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            gone = true;
            throw e;
        }
    }

    private void makeRoom() {
        if (pos == limit) {
            pos = limit = floor; // all read: reuse the space after the kept bytes
        }
        if (limit < buf.length) {
            return;
        }
        if (pos > floor) {
            System.arraycopy(buf, pos, buf, floor, limit - pos);
            limit -= pos - floor;
            pos = floor;
        }
        if (limit == buf.length) {
            if (buf.length >= maxSize) {
                throw new IllegalStateException("input buffer full at its bound of " + maxSize + " bytes");
            }
            buf = java.util.Arrays.copyOf(buf, Math.min(maxSize, buf.length * 2));
        }
    }
}
