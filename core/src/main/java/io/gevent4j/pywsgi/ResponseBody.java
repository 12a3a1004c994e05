package io.gevent4j.pywsgi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The response body as the handler writes it ({@code exchange.getResponseBody()}), framed as
 * {@code sendResponseHeaders} chose: a fixed length, chunks, until the connection closes (HTTP/1.0
 * with no length), no body at all, or dropped (a {@code HEAD} request).
 *
 * <p>Chunks are assembled in the connection's output buffer behind a size field of four hex digits
 * reserved up front (leading zeros are valid), so a run of small writes becomes one chunk and one
 * socket write.
 *
 * <p>Closing it ends the response; a fixed-length response closed short throws, as the JDK's does,
 * and the connection closes after it. Confined to the thread the handler runs on.
 */
final class ResponseBody extends OutputStream {
    static final int UNSENT = 0;
    static final int FIXED = 1;
    static final int CHUNKED = 2;
    static final int UNTIL_CLOSE = 3;
    static final int NONE = 4;
    static final int DISCARD = 5;
    private static final int SIZE_FIELD = 6; // four hex digits, CR LF
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Exchange exchange;
    private final OutputBuffer out;
    private int mode = UNSENT;
    private long remaining;
    /** Where the open chunk's size field is in the output buffer, or -1. */
    private int chunkAt = -1;

    boolean closed;
    /** Every byte of the response was handed to the output buffer. */
    boolean complete;

    private boolean over;
    private byte[] one;

    ResponseBody(Exchange exchange, OutputBuffer out) {
        this.exchange = exchange;
        this.out = out;
    }

    /** Called by sendResponseHeaders, after the head is written. */
    void start(int framing, long length) throws IOException {
        mode = framing;
        remaining = length;
        if (framing == NONE || framing == DISCARD) {
            complete = true;
            exchange.responseEnded();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (over) {
            throw new IOException("the exchange is over: its response can no longer be written");
        }
        if (closed) {
            throw new IOException("the response body was closed");
        }
        switch (mode) {
            case UNSENT -> throw new IOException("sendResponseHeaders must be called before the body is written");
            case NONE ->
                throw new IOException(
                        "this response has no body (status " + exchange.getResponseCode() + " or a length of -1)");
            case DISCARD -> {}
            case FIXED -> {
                if (len > remaining) {
                    throw new IOException(
                            "writing " + len + " bytes would pass the response's length; " + remaining + " are left");
                }
                remaining -= len;
                out.write(b, off, len);
            }
            case CHUNKED -> writeChunked(b, off, len);
            default -> out.write(b, off, len);
        }
    }

    private void writeChunked(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (chunkAt < 0) {
                if (out.free() < SIZE_FIELD + 3) {
                    out.flush();
                }
                chunkAt = out.count;
                out.count += SIZE_FIELD;
            }
            int n = Math.min(len, out.free() - 2); // room for the chunk's CR LF
            System.arraycopy(b, off, out.buf, out.count, n);
            out.count += n;
            off += n;
            len -= n;
            if (out.free() <= 2) {
                closeChunk();
            }
        }
    }

    /** Fills in the open chunk's size and ends it; an empty one is dropped. */
    private void closeChunk() {
        if (chunkAt < 0) {
            return;
        }
        int size = out.count - chunkAt - SIZE_FIELD;
        if (size == 0) {
            out.count = chunkAt;
        } else {
            byte[] buf = out.buf;
            for (int i = 3; i >= 0; i--) {
                buf[chunkAt + i] = HEX[(size >>> (4 * (3 - i))) & 0xF];
            }
            buf[chunkAt + 4] = '\r';
            buf[chunkAt + 5] = '\n';
            buf[out.count++] = '\r';
            buf[out.count++] = '\n';
        }
        chunkAt = -1;
    }

    /** Sends what was written so far. */
    @Override
    public void flush() throws IOException {
        if (over || closed || mode == UNSENT) {
            return;
        }
        closeChunk();
        out.flush();
    }

    /**
     * Ends the response.
     *
     * @throws IOException if a fixed-length response is short (the connection then closes)
     */
    @Override
    public void close() throws IOException {
        if (closed || over) {
            return;
        }
        closed = true;
        if (mode == UNSENT) {
            return; // the exchange answers 500 when it ends without a response
        }
        if (mode == FIXED && remaining > 0) {
            exchange.closeAfter = true;
            throw new IOException("the response was closed " + remaining + " bytes short of its length");
        }
        if (mode == CHUNKED) {
            closeChunk();
            out.write(LAST_CHUNK);
        }
        if (!complete) {
            complete = true;
            exchange.responseEnded();
        }
    }

    /** A handler failed in the middle: what was written goes out, without an end, and the connection closes. */
    void abort() throws IOException {
        closed = true;
        closeChunk();
        out.flush();
    }

    /** Refuses every later write. */
    void end() {
        over = true;
    }
}
