package io.gevent4j.pywsgi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request and its response, as the JDK's {@link HttpExchange} describes them, with its length rules
 * for {@link #sendResponseHeaders}: a positive length is a fixed-length body, 0 a body of any length
 * (chunked; for HTTP/1.0, until the connection closes), -1 no body.
 *
 * <p>The exchange ends when the handler returns: a response body left open is closed then, a response
 * never begun is answered 500, and the streams refuse later use. Unlike the JDK's server, handing the
 * exchange to another thread to finish after the handler returned is not supported; a handler may block
 * as long as it needs instead. Request headers are read from the connection's buffer on first use, so
 * they must be asked for before then. Attributes are the exchange's own (the JDK shares them with the
 * context).
 *
 * <p>Not thread-safe: used by the handler, on the connection's greenlet or the thread the handler runs on.
 */
final class Exchange extends HttpExchange {
    private final Connection connection;
    final RequestHead head;
    final RequestBody requestBody;
    final ResponseBody responseBody;
    Context context;
    HttpPrincipal principal;
    private InputStream in;
    private OutputStream out;
    private Headers requestHeaders;
    private Headers responseHeaders;
    private URI uri;
    private int code = -1;
    private Map<String, Object> attributes;
    private boolean over;
    /** The connection closes after this exchange. */
    boolean closeAfter;

    Exchange(Connection connection, RequestHead head) {
        this.connection = connection;
        this.head = head;
        this.requestBody =
                head.chunked ? new ChunkedBody(connection) : new FixedBody(connection, Math.max(0, head.contentLength));
        this.responseBody = new ResponseBody(this, connection.out);
        this.closeAfter = head.close;
    }

    @Override
    public Headers getRequestHeaders() {
        if (requestHeaders == null) {
            if (over) {
                throw new IllegalStateException(
                        "the exchange is over: its request headers were not read while it lasted");
            }
            requestHeaders = Headers.of(head.headers());
        }
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = new Headers();
        }
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        if (uri == null) {
            uri = URI.create(head.target); // checked by the parser
        }
        return uri;
    }

    /** The path that selects the context: the target's own when it needs no decoding. */
    String contextPath() {
        return head.pathEnd >= 0
                ? head.target.substring(0, head.pathEnd)
                : getRequestURI().getPath();
    }

    @Override
    public String getRequestMethod() {
        return head.method;
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    /** Ends the exchange: closes the request body and the response body (the filters' wrappers, if any). */
    @Override
    @SuppressWarnings(
            "try") // the resources are only there to be closed, the response last, even if the request body fails
    public void close() {
        try (OutputStream o = getResponseBody();
                InputStream i = getRequestBody()) {
            // closing is all
        } catch (IOException e) {
            closeAfter = true; // a short fixed-length response: the client must see it cut off
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in != null ? in : requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return out != null ? out : responseBody;
    }

    /**
     * Sends the status line and headers.
     *
     * @param length positive: exactly that many bytes follow; 0: any number (chunked); -1: no body
     * @throws IOException if the headers were sent already, or the client is gone
     * @throws IllegalArgumentException for a status outside 200–999 (informational responses are the
     *     server's), a length below -1, or a header that cannot be sent
     */
    @Override
    public void sendResponseHeaders(int rCode, long length) throws IOException {
        if (over) {
            throw new IOException("the exchange is over");
        }
        if (code != -1) {
            throw new IOException("the response headers were sent already (status " + code + ")");
        }
        if (rCode < 200 || rCode > 999) {
            throw new IllegalArgumentException("status must be in 200..999: " + rCode);
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (no body), 0 (any) or positive: " + length);
        }
        int framing;
        String field = null;
        if (head.isHead()) {
            framing = ResponseBody.DISCARD;
            field = length > 0 ? "Content-Length: " + length : null;
        } else if (rCode == 204 || rCode == 304) {
            framing = ResponseBody.NONE;
        } else if (length == -1) {
            framing = ResponseBody.NONE;
            field = "Content-Length: 0";
        } else if (length > 0) {
            framing = ResponseBody.FIXED;
            field = "Content-Length: " + length;
        } else if (head.http11) {
            framing = ResponseBody.CHUNKED;
            field = "Transfer-Encoding: chunked";
        } else {
            framing = ResponseBody.UNTIL_CLOSE;
            closeAfter = true;
        }
        // A client still waiting for 100 Continue will not send the body: the connection cannot go on.
        closeAfter |=
                connection.stopping() || (head.expectContinue && !connection.continueSent() && !requestBody.atEnd());
        String own = responseHeaders == null ? null : responseHeaders.getFirst("Connection");
        if (own != null && own.toLowerCase(java.util.Locale.ROOT).contains("close")) {
            closeAfter = true;
        }
        String connectionField = own != null ? null : closeAfter ? "close" : head.http11 ? null : "keep-alive";
        ResponseHead.write(connection.out, rCode, field, connectionField, responseHeaders);
        code = rCode;
        responseBody.start(framing, length);
    }

    /** The response is complete in the output buffer: send it, unless the next request is already here. */
    void responseEnded() throws IOException {
        if (!(requestBody.atEnd() && connection.in.available() > 0)) {
            connection.out.flush();
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return connection.remote;
    }

    @Override
    public int getResponseCode() {
        return code;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.local;
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        Objects.requireNonNull(name, "name");
        return attributes == null ? null : attributes.get(name);
    }

    /** Sets an attribute of this exchange; a null value removes it. */
    @Override
    public void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            if (attributes != null) {
                attributes.remove(name);
            }
            return;
        }
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(name, value);
    }

    /** Replaces the streams later calls return, with filters' wrappers of them; a null one is kept. */
    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return principal;
    }

    /** Marks the exchange over: its streams refuse later use and its unread headers are gone. */
    void end() {
        over = true;
        requestBody.end();
        responseBody.end();
    }

    @Override
    public String toString() {
        return head.method + " " + head.target + " from " + connection.remote;
    }
}
