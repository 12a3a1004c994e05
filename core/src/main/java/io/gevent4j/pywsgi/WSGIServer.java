package io.gevent4j.pywsgi;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gevent4j.server.BaseServer;
import io.gevent4j.server.StreamServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * An HTTP/1.1 server that runs unmodified {@link HttpHandler} code with one greenlet per connection
 * (gevent's {@code gevent.pywsgi.WSGIServer}; the JDK's {@code HttpHandler} is Java's nearest thing to
 * WSGI). The seeds' {@code WSGIServer(('', 8000), application).serve_forever()}:
 *
 * <pre>{@code
 * new WSGIServer(new InetSocketAddress(8000), application).serveForever();
 * }</pre>
 *
 * <p>It is a {@link HttpsServer}, and so an {@code HttpServer}: code written against the JDK's server
 * takes it as it is ({@link #create(InetSocketAddress, int)}, {@link #createContext}, filters,
 * authenticators, {@link #start()}, {@link #stop(int)}; HTTPS once
 * {@link #setHttpsConfigurator} is given an {@code SSLContext}; {@link WSGIServerProvider} makes
 * {@code HttpServer.create()} return one). As in the JDK, {@code create} binds at once.
 *
 * <p><b>Serving.</b> Each connection is a greenlet of a {@link StreamServer}; its requests are served one
 * after another in it (keep-alive, pipelining), and each handler runs in that greenlet, so a handler may
 * block in plain calls (sockets, and with the patch agent also {@code Thread.sleep} and the rest) while
 * the hub serves other connections, and a {@code ThreadLocal} set by a handler is invisible to every
 * other connection's requests (as gevent's {@code local} in pywsgi; it stays set for the connection's
 * next request unless the handler clears it). With {@link #setExecutor} given an executor, handlers run
 * there instead, the connection's greenlet waiting for each. Started from a greenlet, the server runs
 * on the caller's hub; else on a hub of its own thread ({@link BaseServer#start()}).
 *
 * <p><b>HTTP/1.1.</b> Chunked request and response bodies; {@code Expect: 100-continue} (sent at the
 * handler's first read of the body); {@code HEAD} (the body is dropped, the length kept); the JDK's length
 * rules for {@code sendResponseHeaders}. Limits on the request line (414), the head's size and field count
 * (431) and the body (413), and malformed or ambiguous requests (400, 501, 505): each is answered and the
 * connection closed. Timeouts: idle between requests, reading a request (the whole head, and each wait
 * for its body), and any single write; a client that stalls is disconnected.
 *
 * <p><b>Stopping.</b> {@link #stop(Duration)} closes the listener and the connections waiting for a
 * request at once, lets requests in progress finish (their responses close their connections), and after
 * the grace kills what is left.
 *
 * <p>Thread-safety: every method may be called from any thread. Settings are fixed by {@link #start()}.
 */
public final class WSGIServer extends HttpsServer implements AutoCloseable {
    /** How long a connection may wait for its next request unless told otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a request head may take, and any wait for its body, unless told otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** How long one write to a client may block unless told otherwise. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** The longest request line, in bytes, unless told otherwise. */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** The longest request head, in bytes, unless told otherwise. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** The most header fields in a request unless told otherwise. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    private static final int DEFAULT_BACKLOG = 1024;

    private final Object lock = new Object();
    private final Contexts contexts = new Contexts();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    // Guarded by lock.
    private ServerSocket listener;
    private StreamServer server;
    private WriteWatchdog watchdog;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private int maxRequestLine = DEFAULT_MAX_REQUEST_LINE;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
    private long maxBodyBytes = Long.MAX_VALUE;
    private int hubs = 1;
    private int maxConnections;
    /** Set by {@link #start()}; read by connections. */
    private volatile Limits limits;

    private volatile Executor executor;
    private volatile HttpsConfigurator https;
    private volatile boolean stopping;

    private WSGIServer() {}

    /**
     * A server on {@code address} whose context {@code /} is {@code application}, bound now
     * (gevent's {@code WSGIServer((host, port), application)}).
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @param address the address to bind
     * @param application the handler of context {@code /}
     */
    public WSGIServer(InetSocketAddress address, HttpHandler application) {
        bind(address, 0);
        createContext("/", application);
    }

    /**
     * An unbound server: {@link #bind} it before {@link #start()}.
     *
     * @return the server
     */
    public static WSGIServer create() {
        return new WSGIServer();
    }

    /**
     * A server bound to {@code address} (null: unbound) with a listen queue of {@code backlog}
     * (0 or less: a default), as {@code HttpServer.create}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @param address the address to bind, or null for an unbound server
     * @param backlog the listen queue, or 0 or less for a default
     * @return the server
     */
    public static WSGIServer create(InetSocketAddress address, int backlog) {
        WSGIServer s = new WSGIServer();
        if (address != null) {
            s.bind(address, backlog);
        }
        return s;
    }

    /**
     * As {@link #create(InetSocketAddress, int)}, with a first context and its filters.
     *
     * @param address the address to bind, or null for an unbound server
     * @param backlog the listen queue, or 0 or less for a default
     * @param path the first context's path
     * @param handler the first context's handler
     * @param filters the first context's filters, in order
     * @return the server
     */
    public static WSGIServer create(
            InetSocketAddress address, int backlog, String path, HttpHandler handler, Filter... filters) {
        Objects.requireNonNull(handler, "handler");
        List<Filter> checked = List.of(Objects.requireNonNull(filters, "filters"));
        WSGIServer s = create(address, backlog);
        s.createContext(path, handler).getFilters().addAll(checked);
        return s;
    }

    /**
     * Binds to {@code address} now.
     *
     * @throws IllegalStateException if already bound
     * @throws UncheckedIOException if the address cannot be bound
     */
    @Override
    public void bind(InetSocketAddress address, int backlog) {
        Objects.requireNonNull(address, "address");
        synchronized (lock) {
            if (listener != null) {
                throw new IllegalStateException(this + " is bound already");
            }
            ServerSocket s = null;
            try {
                s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(address, backlog > 0 ? backlog : DEFAULT_BACKLOG);
            } catch (IOException e) {
                closeQuietly(s);
                throw new UncheckedIOException("cannot listen on " + address, e);
            }
            listener = s;
        }
    }

    /**
     * Starts serving in the background and returns (see {@link BaseServer#start()} for which hub).
     *
     * @throws IllegalStateException if not bound, or started already
     */
    @Override
    public void start() {
        synchronized (lock) {
            if (listener == null) {
                throw new IllegalStateException(this + " is not bound");
            }
            if (server != null || stopping) {
                throw new IllegalStateException(this + " was started already");
            }
            limits = new Limits(
                    maxRequestLine,
                    maxHeaderBytes,
                    maxHeaderCount,
                    maxBodyBytes,
                    millis(idleTimeout),
                    millis(readTimeout),
                    writeTimeout.toNanos());
            if (limits.writeNanos() > 0) {
                watchdog = new WriteWatchdog(connections, limits.writeNanos());
            }
            StreamServer.Builder b =
                    StreamServer.builder(listener, this::serveConnection).hubs(hubs);
            if (maxConnections > 0) {
                b.maxConnections(maxConnections);
            }
            server = b.build();
            server.start();
        }
    }

    /** Starts if needed, then waits until the server is stopped (gevent's {@code serve_forever}). */
    public void serveForever() {
        StreamServer s;
        synchronized (lock) {
            if (server == null) {
                start();
            }
            s = server;
        }
        s.serveForever();
    }

    /**
     * The JDK's stop: as {@link #stop(Duration)} with a grace of {@code delay} seconds.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    @Override
    public void stop(int delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        stop(Duration.ofSeconds(delay));
    }

    /**
     * Stops: closes the listener and every connection waiting for a request, lets requests in progress
     * finish for up to {@code grace}, then kills what is left. Returns whether everything finished by
     * itself. Idempotent; a server never started just closes its listener.
     *
     * @param grace how long requests in progress may take to finish
     * @return whether everything finished by itself
     */
    public boolean stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        StreamServer s;
        synchronized (lock) {
            stopping = true;
            s = server;
            if (s == null) {
                closeQuietly(listener);
                return true;
            }
        }
        for (Connection c : connections) {
            c.closeIfIdle();
        }
        if (watchdog != null) {
            watchdog.stop();
        }
        return s.stop(grace);
    }

    /** {@link #stop(Duration)} with gevent's default grace of one second, for try-with-resources. */
    @Override
    public void close() {
        stop(BaseServer.DEFAULT_STOP_TIMEOUT);
    }

    private void serveConnection(Socket socket) {
        Connection c = new Connection(this, socket, limits);
        connections.add(c);
        try {
            if (watchdog != null) {
                watchdog.ensureStarted();
            }
            c.serve();
        } finally {
            connections.remove(c);
        }
    }

    /**
     * Adds a context for {@code path}.
     *
     * @throws IllegalArgumentException if {@code path} does not start with {@code /} or has a context already
     */
    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        return addContext(path, Objects.requireNonNull(handler, "handler"));
    }

    /** Adds a context for {@code path} whose handler is set later ({@link HttpContext#setHandler}). */
    @Override
    public HttpContext createContext(String path) {
        return addContext(path, null);
    }

    private HttpContext addContext(String path, HttpHandler handler) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a context path starts with /: " + path);
        }
        Context c = new Context(path, handler, this);
        contexts.add(c);
        return c;
    }

    /** @throws IllegalArgumentException if no context has exactly this path */
    @Override
    public void removeContext(String path) {
        contexts.remove(path);
    }

    /** @throws IllegalArgumentException if {@code context} is not one of this server's */
    @Override
    public void removeContext(HttpContext context) {
        contexts.remove(context);
    }

    /** The address the server is bound to (with the port chosen for port 0), or null if unbound. */
    @Override
    public InetSocketAddress getAddress() {
        synchronized (lock) {
            return listener == null ? null : (InetSocketAddress) listener.getLocalSocketAddress();
        }
    }

    /**
     * Runs handlers on {@code executor} instead of in the connections' greenlets (null: in them, the
     * default); each connection's greenlet waits for its handler.
     *
     * @throws IllegalStateException once started
     */
    @Override
    public void setExecutor(Executor executor) {
        setting(() -> this.executor = executor);
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    /**
     * Serves HTTPS with the configurator's {@code SSLContext}, which it may tune per connection.
     *
     * @throws IllegalStateException once started
     */
    @Override
    public void setHttpsConfigurator(HttpsConfigurator config) {
        Objects.requireNonNull(config, "config");
        setting(() -> https = config);
    }

    @Override
    public HttpsConfigurator getHttpsConfigurator() {
        return https;
    }

    /**
     * How long a connection may wait for its next request (default 30 s; {@link Duration#ZERO}: no limit).
     *
     * @param timeout the limit, or {@link Duration#ZERO} for none
     * @return this server
     */
    public WSGIServer idleTimeout(Duration timeout) {
        Duration checked = checkedTimeout(timeout);
        return setting(() -> idleTimeout = checked);
    }

    /**
     * How long a request's head may take to arrive from its first byte, and how long any wait for a
     * part of its body may be (default 30 s; {@link Duration#ZERO}: no limit). A head late is answered 408.
     * @param timeout the limit, or {@link Duration#ZERO} for none
     * @return this server
     */
    public WSGIServer readTimeout(Duration timeout) {
        Duration checked = checkedTimeout(timeout);
        return setting(() -> readTimeout = checked);
    }

    /**
     * How long a single write to a client may block before the connection is closed (default 30 s; ZERO: none).
     *
     * @param timeout the limit, or {@link Duration#ZERO} for none
     * @return this server
     */
    public WSGIServer writeTimeout(Duration timeout) {
        Duration checked = checkedTimeout(timeout);
        return setting(() -> writeTimeout = checked);
    }

    /**
     * The longest request line, in bytes (default 8 KiB); longer is answered 414.
     *
     * @param bytes the most bytes of a request line
     * @return this server
     */
    public WSGIServer maxRequestLineLength(int bytes) {
        int checked = positive(bytes, "maxRequestLineLength");
        return setting(() -> maxRequestLine = checked);
    }

    /**
     * The longest request head, request line and fields together, in bytes (default 16 KiB); longer is answered 431.
     *
     * @param bytes the most bytes of a request head
     * @return this server
     */
    public WSGIServer maxHeaderBytes(int bytes) {
        int checked = positive(bytes, "maxHeaderBytes");
        return setting(() -> maxHeaderBytes = checked);
    }

    /**
     * The most header fields in a request (default 100); more is answered 431.
     *
     * @param count the most header fields
     * @return this server
     */
    public WSGIServer maxHeaderCount(int count) {
        int checked = positive(count, "maxHeaderCount");
        return setting(() -> maxHeaderCount = checked);
    }

    /**
     * The longest request body, in bytes (default: no limit; the server streams bodies and never holds
     * one). A longer declared length is answered 413 before the handler runs; a longer chunked body
     * fails the handler's read, and is answered 413 if the handler had not responded.
     *
     * @param bytes the most bytes of a request body
     * @return this server
     */
    public WSGIServer maxBodyBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + bytes);
        }
        return setting(() -> maxBodyBytes = bytes);
    }

    /**
     * Serves on this many hubs, each on a platform thread of its own (default 1); the first deals the connections.
     *
     * @param count the number of hubs
     * @return this server
     */
    public WSGIServer hubs(int count) {
        int checked = positive(count, "hubs");
        return setting(() -> hubs = checked);
    }

    /**
     * At most this many connections at once; accepting pauses while they are all open (default: no limit).
     *
     * @param count the most connections open at once
     * @return this server
     */
    public WSGIServer maxConnections(int count) {
        int checked = positive(count, "maxConnections");
        return setting(() -> maxConnections = checked);
    }

    /**
     * Connections open now.
     *
     * @return the number of open connections
     */
    public int connections() {
        return connections.size();
    }

    Contexts contexts() {
        return contexts;
    }

    boolean stopping() {
        return stopping;
    }

    /** Runs {@code assign} under the lock unless the server was started; returns this. */
    private WSGIServer setting(Runnable assign) {
        synchronized (lock) {
            checkNotStarted();
            assign.run();
        }
        return this;
    }

    private void checkNotStarted() {
        if (server != null || stopping) {
            throw new IllegalStateException(this + " was started already: settings are fixed");
        }
    }

    private static Duration checkedTimeout(Duration d) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE || (!d.isZero() && d.toMillis() == 0)) {
            throw new IllegalArgumentException(
                    "a timeout is zero (none) or from 1 ms to " + Integer.MAX_VALUE + " ms: " + d);
        }
        return d;
    }

    private static int millis(Duration d) {
        return (int) d.toMillis();
    }

    private static int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be positive: " + n);
        }
        return n;
    }

    private static void closeQuietly(ServerSocket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing was served on it
            }
        }
    }

    @Override
    public String toString() {
        InetSocketAddress a = getAddress();
        return "WSGIServer[" + (a == null ? "unbound" : a) + "]";
    }
}
