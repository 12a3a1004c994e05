package io.gevent4j.pywsgi;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A test client that speaks HTTP/1.1 byte by byte over a plain socket, to send what no library would. */
final class Raw implements AutoCloseable {
    /** One response: its status, its fields (lower-case names, the last value of each) and its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Raw(InetSocketAddress address) throws IOException {
        this(new Socket(address.getAddress(), address.getPort()));
    }

    Raw(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Raw send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Raw send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response to a request other than HEAD. */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code toHead} for the answer to a HEAD request, which has no body. */
    Response read(boolean toHead) throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (toHead || code == 204 || code == 304 || code == 100) {
            return new Response(code, headers, body.toByteArray());
        }
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                    size > 0;
                    size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("a chunk did not end with CR LF");
                }
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (headers.containsKey("content-length")) {
            int n = Integer.parseInt(headers.get("content-length"));
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("the body ended after " + b.length + " of " + n + " bytes");
            }
            body.write(b);
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(code, headers, body.toByteArray());
    }

    /**
     * Whether the server closes the connection (end of stream or a reset) within the read timeout; what
     * it sends before (a TLS alert, say) is skipped.
     */
    boolean closedByServer() throws IOException {
        try {
            return in.skip(Long.MAX_VALUE) >= 0 && in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed in the middle of a response head: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
