package io.gevent4j.examples;

import com.sun.net.httpserver.HttpExchange;
import io.gevent4j.pywsgi.WSGIServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The gevent articles' web app: "Hello " + the client's address, the request kept in a request-local. */
public final class HelloServer {
    private static final ThreadLocal<HttpExchange> REQUEST = new ThreadLocal<>(); // the seeds' local()

    static String logic() {
        return "Hello " + REQUEST.get().getRemoteAddress().getAddress().getHostAddress();
    }

    static void application(HttpExchange exchange) throws IOException {
        REQUEST.set(exchange);
        try (exchange) {
            byte[] body = logic().getBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } finally {
            REQUEST.remove();
        }
    }

    public static void main(String[] args) {
        new WSGIServer(new InetSocketAddress(8000), HelloServer::application).serveForever();
    }
}
