package io.gevent4j.pywsgi;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A path of a {@link WSGIServer} and what serves it: the filters in order, then the authenticator, then
 * the handler (the JDK's order). Thread-safe: it may be changed while requests are served.
 */
final class Context extends HttpContext {
    private final String path;
    private final WSGIServer server;
    private volatile HttpHandler handler;
    private volatile Authenticator authenticator;
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    Context(String path, HttpHandler handler, WSGIServer server) {
        this.path = path;
        this.handler = handler;
        this.server = server;
    }

    /** Runs the filters, the authenticator and the handler for one exchange. */
    void handle(HttpExchange exchange, Exchange state) throws IOException {
        HttpHandler last = handler;
        if (last == null) {
            throw new IllegalStateException("the context " + path + " has no handler");
        }
        Authenticator auth = authenticator;
        HttpHandler guarded = auth == null ? last : ex -> authenticateThen(auth, ex, state, last);
        if (filters.isEmpty()) {
            guarded.handle(exchange);
        } else {
            new Filter.Chain(filters, guarded).doFilter(exchange);
        }
    }

    private static void authenticateThen(Authenticator auth, HttpExchange ex, Exchange state, HttpHandler handler)
            throws IOException {
        Authenticator.Result result = auth.authenticate(ex);
        if (result instanceof Authenticator.Success success) {
            state.principal = success.getPrincipal();
            handler.handle(ex);
        } else {
            int code = result instanceof Authenticator.Failure f
                    ? f.getResponseCode()
                    : ((Authenticator.Retry) result).getResponseCode();
            ex.sendResponseHeaders(code, -1);
            ex.close();
        }
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler h) {
        if (h == null) {
            throw new NullPointerException("handler");
        }
        handler = h;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        Authenticator old = authenticator;
        authenticator = auth;
        return old;
    }

    @Override
    public Authenticator getAuthenticator() {
        return authenticator;
    }

    @Override
    public String toString() {
        return "Context[" + path + "]";
    }
}
