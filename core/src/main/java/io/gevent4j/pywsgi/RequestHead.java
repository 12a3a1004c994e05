package io.gevent4j.pywsgi;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request line and what the server itself needs from the headers. The header fields stay in
 * the input buffer as offsets until someone asks for them ({@link #headers()}), so a handler that
 * never looks at them costs no map.
 */
final class RequestHead {
    final String method;
    final String target;
    final boolean http11;
    /** Where the path ends in {@link #target} ('?' or its end) when it can be matched as it is; -1 when it needs decoding. */
    final int pathEnd;
    /** The declared body length, or -1. */
    final long contentLength;

    final boolean chunked;
    /** The client asked to close after this request ({@code Connection: close}, or HTTP/1.0 without keep-alive). */
    final boolean close;
    /** The client waits for {@code 100 Continue} before it sends the body. */
    final boolean expectContinue;

    private final byte[] buf;
    /** Name start, name end, value start, value end of each field. */
    private final int[] fields;

    private final int fieldCount;

    RequestHead(
            String method,
            String target,
            boolean http11,
            int pathEnd,
            long contentLength,
            boolean chunked,
            boolean close,
            boolean expectContinue,
            byte[] buf,
            int[] fields,
            int fieldCount) {
        this.method = method;
        this.target = target;
        this.http11 = http11;
        this.pathEnd = pathEnd;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.close = close;
        this.expectContinue = expectContinue;
        this.buf = buf;
        this.fields = fields;
        this.fieldCount = fieldCount;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    String protocol() {
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** The header fields as the JDK's {@link Headers}; only valid while the request's head is still buffered. */
    Headers headers() {
        Headers h = new Headers();
        for (int i = 0; i < fieldCount * 4; i += 4) {
            h.add(latin1(fields[i], fields[i + 1]), latin1(fields[i + 2], fields[i + 3]));
        }
        return h;
    }

    private String latin1(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
