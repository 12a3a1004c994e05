package io.gevent4j.pywsgi;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes response heads: the status line (kept as bytes for each code once used), the server's own
 * fields (Date, framing, Connection) and the handler's fields, which are checked first so that no
 * field can split the response.
 */
final class ResponseHead {
    private static final byte[][] STATUS_LINES = new byte[1000][];
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON = {':', ' '};

    private ResponseHead() {}

    /**
     * Writes the head of a response.
     *
     * @param framing the Content-Length or Transfer-Encoding line (without its CR LF), or null
     * @param connection the Connection field's value to add, or null (the handler's own is kept)
     * @throws IllegalArgumentException for a field name that is not a token or a value with a line break
     *     or other control character; nothing has been written then
     */
    static void write(OutputBuffer out, int code, String framing, String connection, Headers fields)
            throws IOException {
        boolean ownDate = false;
        if (fields != null) {
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                check(field.getKey(), field.getValue());
                ownDate |= field.getKey().equalsIgnoreCase("Date");
            }
        }
        out.write(statusLine(code));
        if (!ownDate) {
            out.write(HttpDate.headerLine());
        }
        if (framing != null) {
            out.writeLatin1(framing);
            out.write(CRLF);
        }
        if (connection != null) {
            out.writeLatin1("Connection: ");
            out.writeLatin1(connection);
            out.write(CRLF);
        }
        if (fields != null) {
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                String name = field.getKey();
                if (serverOwned(name)) {
                    continue;
                }
                for (String value : field.getValue()) {
                    out.writeLatin1(name);
                    out.write(COLON);
                    out.writeLatin1(value);
                    out.write(CRLF);
                }
            }
        }
        out.write(CRLF);
    }

    /** The framing fields are the server's: it frames the body as sendResponseHeaders was told. */
    private static boolean serverOwned(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding");
    }

    private static void check(String name, List<String> values) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty response header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7E || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("response header name is not a token: " + name);
            }
        }
        for (String value : values) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                    throw new IllegalArgumentException("response header " + name
                            + " has a character that cannot be sent (line break, control or non-Latin-1)");
                }
            }
        }
    }

    private static byte[] statusLine(int code) {
        byte[] line = STATUS_LINES[code];
        if (line == null) {
            line = ("HTTP/1.1 " + code + " " + Status.reason(code) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            STATUS_LINES[code] = line; // racing threads store equal arrays
        }
        return line;
    }

    /** A complete plain-text response that closes the connection: the server's own refusals. */
    static void writeRefusal(OutputBuffer out, int code, String message) throws IOException {
        byte[] body = (code + " " + Status.reason(code) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        Headers fields = new Headers();
        fields.set("Content-Type", "text/plain; charset=utf-8");
        write(out, code, "Content-Length: " + body.length, "close", fields);
        out.write(body);
    }
}
