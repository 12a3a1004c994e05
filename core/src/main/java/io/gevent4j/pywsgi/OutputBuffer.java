package io.gevent4j.pywsgi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A connection's output: responses are assembled here and leave in as few writes as possible (one per
 * response, or one per batch of pipelined responses), when a response ends, when the input side is about
 * to wait, when a handler flushes, or when it is full. Long writes skip it.
 *
 * <p>Confined to the connection's greenlet, but for {@link #writingSince}, which the
 * {@link WriteWatchdog} reads.
 */
final class OutputBuffer {
    static final int SIZE = 8192;

    private final OutputStream out;
    final byte[] buf = new byte[SIZE];
    int count;
    /** {@link System#nanoTime()} (made odd, never 0) when the write now under way began; 0 when none is. */
    volatile long writingSince;
    /** A write failed: the client is gone, or was cut off. */
    boolean failed;

    OutputBuffer(OutputStream out) {
        this.out = out;
    }

    int free() {
        return buf.length - count;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            flush();
            if (len >= buf.length) {
                send(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Writes the chars of {@code s}, each below 256 (header text, checked by the caller), one byte each. */
    void writeLatin1(String s) throws IOException {
        int n = s.length();
        if (n > buf.length - count) {
            flush();
            if (n > buf.length) {
                write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            buf[count++] = (byte) s.charAt(i);
        }
    }

    void flush() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0; // after a failure nothing is sent again
            send(buf, 0, n);
        }
    }

    private void send(byte[] b, int off, int len) throws IOException {
        if (failed) {
            throw new IOException("the connection to the client failed earlier");
        }
        writingSince = System.nanoTime() | 1;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            failed = true;
            throw e;
        } finally {
            writingSince = 0;
        }
    }
}
