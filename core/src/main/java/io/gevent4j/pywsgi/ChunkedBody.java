package io.gevent4j.pywsgi;

import java.io.EOFException;
import java.io.IOException;

/**
 * A chunked request body: size lines (chunk extensions are skipped), data, and trailer fields, which
 * are read and dropped. A malformed or oversized size line, a missing line end after the data, or a
 * trailer section over the head limits is a 400; a body over the limit a 413.
 */
final class ChunkedBody extends RequestBody {
    /** The longest size line or trailer line read. */
    static final int MAX_LINE = 4096;

    private static final int SIZE = 0;
    private static final int DATA = 1;
    private static final int DATA_END = 2;
    private static final int DONE = 3;

    private int state = SIZE;
    private long chunkLeft;
    private long total;
    /** The end of the line {@link #line()} read, before its CR LF; it starts at {@link #lineStart}. */
    private int lineStart;

    ChunkedBody(Connection connection) {
        super(connection);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case SIZE -> {
                    chunkLeft = size(line());
                    if (chunkLeft == 0) {
                        trailers();
                        state = DONE;
                        return -1;
                    }
                    total += chunkLeft;
                    if (total > connection.limits.maxBodyBytes()) {
                        throw new HttpError(
                                413, "the request body is longer than " + connection.limits.maxBodyBytes() + " bytes");
                    }
                    state = DATA;
                }
                case DATA -> {
                    int n = in.read(b, off, (int) Math.min(len, chunkLeft), connection.limits.readMillis());
                    if (n < 0) {
                        throw new EOFException("the client closed the connection in the middle of a chunk");
                    }
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = DATA_END;
                    }
                    return n;
                }
                default -> {
                    endOfData();
                    state = SIZE;
                }
            }
        }
    }

    @Override
    boolean atEnd() {
        return state == DONE;
    }

    @Override
    int buffered() {
        return state == DATA ? (int) Math.min(chunkLeft, in.available()) : 0;
    }

    /** Consumes the CR LF (or LF) that must follow a chunk's data; anything else is refused at once. */
    private void endOfData() throws IOException {
        byte first = next();
        if (first == '\r') {
            first = next();
        }
        if (first != '\n') {
            throw new HttpError(400, "a chunk is longer than its size");
        }
    }

    private byte next() throws IOException {
        if (in.pos == in.limit && !in.fill(connection.limits.readMillis())) {
            throw new EOFException("the client closed the connection in the middle of a chunked body");
        }
        return in.buf[in.pos++];
    }

    /** The chunk size at the start of the line just read, in hex, before any extension. */
    private long size(int end) throws HttpError {
        byte[] b = in.buf;
        int i = lineStart;
        long size = 0;
        while (i < end && hexValue(b[i]) >= 0) {
            if (i - lineStart == 15) {
                throw new HttpError(400, "a chunk size is too large");
            }
            size = size * 16 + hexValue(b[i++]);
        }
        int digits = i - lineStart;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < end && b[i] != ';')) {
            throw new HttpError(400, "malformed chunk size");
        }
        for (; i < end; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new HttpError(400, "illegal character in a chunk extension");
            }
        }
        return size;
    }

    private void trailers() throws IOException {
        int fields = 0;
        long bytes = 0;
        for (int end = line(); end != lineStart; end = line()) {
            bytes += end - lineStart + 2;
            if (++fields > connection.limits.maxHeaderCount() || bytes > connection.limits.maxHeaderBytes()) {
                throw new HttpError(431, "the request's trailer section is too large");
            }
            if (HeadParser.indexOf(in.buf, lineStart, end, (byte) ':') <= lineStart) {
                throw new HttpError(400, "malformed trailer field");
            }
        }
    }

    /**
     * Reads one line: it starts at {@link #lineStart} and ends at the returned index, before its
     * CR LF; the buffer's position moves past it.
     */
    private int line() throws IOException {
        int scan = in.pos;
        while (true) {
            int lf = HeadParser.indexOf(in.buf, scan, Math.min(in.limit, in.pos + MAX_LINE), (byte) '\n');
            if (lf >= 0) {
                lineStart = in.pos;
                in.pos = lf + 1;
                return lf > lineStart && in.buf[lf - 1] == '\r' ? lf - 1 : lf;
            }
            if (in.limit - in.pos >= MAX_LINE) {
                throw new HttpError(400, "a chunk size or trailer line is longer than " + MAX_LINE + " bytes");
            }
            int read = in.limit - in.pos; // the buffer may move its unread bytes when it fills
            if (!in.fill(connection.limits.readMillis())) {
                throw new EOFException("the client closed the connection in the middle of a chunked body");
            }
            scan = in.pos + read;
        }
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
