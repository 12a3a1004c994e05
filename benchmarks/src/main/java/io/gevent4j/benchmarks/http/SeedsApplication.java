package io.gevent4j.benchmarks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The seeds' web application, as every Java server of the HTTP benchmark runs it: the request kept in
 * a request-local, "Hello " + the client's address as the body. {@code /sleep} first waits 10 ms with
 * the given sleep (a blocking call, as a database query would be).
 */
final class SeedsApplication implements HttpHandler {
    /** How the {@code /sleep} path waits. */
    @FunctionalInterface
    interface Sleep {
        void tenMillis() throws InterruptedException;
    }

    private static final ThreadLocal<HttpExchange> REQUEST = new ThreadLocal<>();
    private final Sleep sleep;

    SeedsApplication(Sleep sleep) {
        this.sleep = sleep;
    }

    private static String logic() {
        return "Hello " + REQUEST.get().getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        REQUEST.set(exchange);
        try {
            if (exchange.getRequestURI().getPath().equals("/sleep")) {
                sleep.tenMillis();
            }
            byte[] body = logic().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            REQUEST.remove();
            exchange.close();
        }
    }
}
