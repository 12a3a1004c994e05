package io.gevent4j.pywsgi;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Reads and checks a request head in place in the connection's {@link InputBuffer}, with no
 * intermediate strings: request line, header fields, and the framing the server must act on. Anything
 * malformed, oversized or ambiguous is refused with an {@link HttpError} naming the status to answer:
 * 400 (syntax, framing that could smuggle a request, a missing Host), 414 (request line), 431 (head
 * size, field count), 413 (declared body), 417 (an unknown expectation), 501 (a transfer coding other
 * than chunked), 505 (an HTTP version other than 1.0 and 1.1).
 *
 * <p>Lenient only where RFC 9112 allows: a bare LF ends a line, and up to two empty lines before the
 * request line are skipped.
 *
 * <p>Confined to the connection's greenlet; one per connection, reusing its field table.
 */
final class HeadParser {
    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (char c : "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            TOKEN[c] = true;
        }
        // What java.net.URI takes in a path and query: unreserved, sub-delims, ":@/?" and escapes.
        for (char c :
                "-._~!$&'()*+,;=:@/?%0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            TARGET[c] = true;
        }
    }

    private final Limits limits;
    private int[] fields = new int[4 * 16];

    HeadParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * Parses the head that starts at the front of {@code in}, reading more until it is complete or
     * {@code deadline} ({@link System#nanoTime()}) passes. On return the buffer's position and floor
     * are the end of the head.
     *
     * @throws HttpError for a request to refuse
     * @throws EOFException when the client closed before the head was complete
     * @throws java.net.SocketTimeoutException when the head did not arrive in time
     */
    RequestHead parse(InputBuffer in, long deadline) throws IOException {
        int lineStart = 0;
        int scan = 0;
        int skipped = 0;
        Line request = null;
        int count = 0;
        Framing framing = new Framing();
        while (true) {
            byte[] b = in.buf;
            int lf = indexOf(b, scan, in.limit, (byte) '\n');
            if (lf < 0) {
                if (request == null && in.limit - lineStart > limits.maxRequestLine()) {
                    throw new HttpError(414, "the request line is longer than " + limits.maxRequestLine() + " bytes");
                }
                if (in.limit >= limits.maxHeaderBytes()) {
                    throw new HttpError(431, "the request head is longer than " + limits.maxHeaderBytes() + " bytes");
                }
                scan = in.limit;
                if (!in.fill(Connection.millisUntil(deadline))) {
                    throw new EOFException("the client closed the connection in the middle of a request head");
                }
                continue;
            }
            if (lf >= limits.maxHeaderBytes()) {
                throw new HttpError(431, "the request head is longer than " + limits.maxHeaderBytes() + " bytes");
            }
            int end = lf > lineStart && b[lf - 1] == '\r' ? lf - 1 : lf;
            if (request == null) {
                if (end == lineStart && skipped < 2) {
                    skipped++;
                } else {
                    if (end - lineStart > limits.maxRequestLine()) {
                        throw new HttpError(
                                414, "the request line is longer than " + limits.maxRequestLine() + " bytes");
                    }
                    request = requestLine(b, lineStart, end);
                }
            } else if (end == lineStart) {
                in.pos = in.floor = lf + 1;
                return framing.head(request, limits, b, fields, count);
            } else {
                if (count == limits.maxHeaderCount()) {
                    throw new HttpError(431, "the request has more than " + limits.maxHeaderCount() + " header fields");
                }
                field(b, lineStart, end, count++, framing);
            }
            lineStart = scan = lf + 1;
        }
    }

    /** The parts of a request line. */
    private record Line(String method, String target, boolean http11, int pathEnd) {}

    private static Line requestLine(byte[] b, int from, int to) throws HttpError {
        int sp1 = indexOf(b, from, to, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, to, (byte) ' ');
        if (sp1 <= from || sp2 <= sp1 + 1) {
            throw new HttpError(400, "malformed request line");
        }
        String method = method(b, from, sp1);
        boolean http11 = version(b, sp2 + 1, to);
        int pathEnd = checkTarget(b, sp1 + 1, sp2);
        String target = new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        if (pathEnd < 0 && !target.equals("*")) {
            try {
                URI uri = URI.create(target); // absolute-form, or "//" that a URI reads as an authority
                if (uri.getRawPath() == null) {
                    throw new HttpError(400, "the request target has no path");
                }
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed request target");
            }
        }
        return new Line(method, target, http11, pathEnd);
    }

    private static String method(byte[] b, int from, int to) throws HttpError {
        for (int i = from; i < to; i++) {
            if (!TOKEN[b[i] & 0xFF]) {
                throw new HttpError(400, "malformed method");
            }
        }
        String known = switch (to - from) {
            case 3 -> is(b, from, "GET") ? "GET" : is(b, from, "PUT") ? "PUT" : null;
            case 4 -> is(b, from, "POST") ? "POST" : is(b, from, "HEAD") ? "HEAD" : null;
            case 5 -> is(b, from, "PATCH") ? "PATCH" : is(b, from, "TRACE") ? "TRACE" : null;
            case 6 -> is(b, from, "DELETE") ? "DELETE" : null;
            case 7 -> is(b, from, "OPTIONS") ? "OPTIONS" : null;
            default -> null;
        };
        return known != null ? known : new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean version(byte[] b, int from, int to) throws HttpError {
        if (to - from != 8
                || !is(b, from, "HTTP/")
                || !digit(b[from + 5])
                || b[from + 6] != '.'
                || !digit(b[from + 7])) {
            throw new HttpError(400, "malformed HTTP version");
        }
        if (b[from + 5] != '1' || (b[from + 7] != '0' && b[from + 7] != '1')) {
            throw new HttpError(505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        return b[from + 7] == '1';
    }

    /**
     * Checks the target's characters and escapes. Returns where its path ends (relative to {@code from})
     * when it is an origin-form target to match as it is, or -1 when its path must come from a
     * {@link URI}: escapes to decode, an absolute-form target, or {@code *}.
     */
    private static int checkTarget(byte[] b, int from, int to) throws HttpError {
        if (to - from == 1 && b[from] == '*') {
            return -1;
        }
        int pathEnd = -1;
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (!TARGET[c]) {
                throw new HttpError(400, "illegal character in the request target");
            }
            if (c == '%') {
                if (i + 2 >= to || !hex(b[i + 1]) || !hex(b[i + 2])) {
                    throw new HttpError(400, "malformed escape in the request target");
                }
                escaped |= pathEnd < 0;
            } else if (c == '?' && pathEnd < 0) {
                pathEnd = i - from;
            }
        }
        boolean origin = b[from] == '/' && !(to - from > 1 && b[from + 1] == '/');
        if (!origin) {
            if (b[from] == '/' || isAbsolute(b, from, to)) {
                return -1;
            }
            throw new HttpError(400, "the request target is neither a path nor an absolute URI");
        }
        return escaped ? -1 : pathEnd < 0 ? to - from : pathEnd;
    }

    private static boolean isAbsolute(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (Character.isLetterOrDigit(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.')) {
            i++;
        }
        return i > from
                && Character.isLetter(b[from])
                && i + 2 < to
                && b[i] == ':'
                && b[i + 1] == '/'
                && b[i + 2] == '/';
    }

    private void field(byte[] b, int from, int to, int index, Framing framing) throws HttpError {
        int colon = from;
        while (colon < to && TOKEN[b[colon] & 0xFF]) {
            colon++;
        }
        if (colon == from || colon == to || b[colon] != ':') {
            throw new HttpError(
                    400,
                    b[from] == ' ' || b[from] == '\t'
                            ? "obsolete line folding in the request head"
                            : "malformed header field");
        }
        int v = colon + 1;
        while (v < to && (b[v] == ' ' || b[v] == '\t')) {
            v++;
        }
        int ve = to;
        while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = v; i < ve; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new HttpError(400, "illegal character in a header value");
            }
        }
        int at = index * 4;
        if (at == fields.length) {
            fields = java.util.Arrays.copyOf(fields, fields.length * 2);
        }
        fields[at] = from;
        fields[at + 1] = colon;
        fields[at + 2] = v;
        fields[at + 3] = ve;
        framing.field(b, from, colon, v, ve);
    }

    /** What the server acts on among the header fields, gathered as they are parsed. */
    private static final class Framing {
        long contentLength = -1;
        boolean transferEncoding;
        boolean chunked;
        boolean close;
        boolean keepAlive;
        boolean expectContinue;
        int hosts;

        void field(byte[] b, int name, int nameEnd, int v, int ve) throws HttpError {
            switch (nameEnd - name) {
                case 4 -> {
                    if (named(b, name, "host")) {
                        hosts++;
                    }
                }
                case 6 -> {
                    if (named(b, name, "expect")) {
                        if (!equalsIgnoreCase(b, v, ve, "100-continue")) {
                            throw new HttpError(417, "the only expectation served is 100-continue");
                        }
                        expectContinue = true;
                    }
                }
                case 10 -> {
                    if (named(b, name, "connection")) {
                        close |= hasToken(b, v, ve, "close");
                        keepAlive |= hasToken(b, v, ve, "keep-alive");
                    }
                }
                case 14 -> {
                    if (named(b, name, "content-length")) {
                        long n = length(b, v, ve);
                        if (contentLength >= 0 && contentLength != n) {
                            throw new HttpError(400, "conflicting Content-Length fields");
                        }
                        contentLength = n;
                    }
                }
                case 17 -> {
                    if (named(b, name, "transfer-encoding")) {
                        if (transferEncoding) {
                            throw new HttpError(400, "more than one Transfer-Encoding field");
                        }
                        transferEncoding = true;
                        if (!equalsIgnoreCase(b, v, ve, "chunked")) {
                            throw new HttpError(501, "the only transfer coding served is chunked");
                        }
                        chunked = true;
                    }
                }
                default -> {}
            }
        }

        RequestHead head(Line line, Limits limits, byte[] b, int[] fields, int count) throws HttpError {
            if (line.http11 && hosts != 1) {
                throw new HttpError(
                        400, hosts == 0 ? "an HTTP/1.1 request needs a Host field" : "more than one Host field");
            }
            if (transferEncoding && (contentLength >= 0 || !line.http11)) {
                throw new HttpError(
                        400,
                        contentLength >= 0
                                ? "both Transfer-Encoding and Content-Length"
                                : "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (contentLength > limits.maxBodyBytes()) {
                throw new HttpError(413, "the request body is longer than " + limits.maxBodyBytes() + " bytes");
            }
            boolean closing = line.http11 ? close : !keepAlive;
            boolean hasBody = chunked || contentLength > 0;
            return new RequestHead(
                    line.method,
                    line.target,
                    line.http11,
                    line.pathEnd,
                    contentLength,
                    chunked,
                    closing,
                    expectContinue && line.http11 && hasBody,
                    b,
                    fields,
                    count);
        }
    }

    private static long length(byte[] b, int from, int to) throws HttpError {
        if (from == to || to - from > 18) {
            throw new HttpError(400, "malformed Content-Length");
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (!digit(b[i])) {
                throw new HttpError(400, "malformed Content-Length");
            }
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }

    /** Whether the comma-separated list in {@code b[from, to)} holds {@code token}, ignoring case. */
    private static boolean hasToken(byte[] b, int from, int to, String token) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                int s = start;
                int e = i;
                while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                    s++;
                }
                while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                    e--;
                }
                if (equalsIgnoreCase(b, s, e, token)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** Whether a field name (token characters only) of {@code lower}'s length is {@code lower}, ignoring case. */
    private static boolean named(byte[] b, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if ((b[from + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.toLowerCase((char) (b[from + i] & 0xFF)) != Character.toLowerCase(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean is(byte[] b, int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(byte c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
