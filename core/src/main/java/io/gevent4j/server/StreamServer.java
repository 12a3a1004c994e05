package io.gevent4j.server;

import io.gevent4j.GreenletExit;
import io.gevent4j.pool.Group;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A TCP server that runs a handler per connection, each in its own greenlet, in plain blocking style
 * (gevent's {@code gevent.server.StreamServer}).
 *
 * <pre>{@code
 * StreamServer server = new StreamServer(new InetSocketAddress("127.0.0.1", 7000), socket -> {
 *     var in = socket.getInputStream();
 *     var out = socket.getOutputStream();
 *     byte[] buf = new byte[4096];
 *     for (int n; (n = in.read(buf)) > 0; ) {
 *         out.write(buf, 0, n);           // echo
 *     }
 * });
 * server.serveForever();
 * }</pre>
 *
 * <p>The handler gets a plain {@link Socket} (an {@code SSLSocket} with TLS). When it returns or
 * throws, the server closes the socket; an exception is reported (on the {@code io.gevent4j.server}
 * {@link System.Logger}, stderr by default) and never stops the server.
 * {@link #stop(java.time.Duration)} closes the listener, lets handlers finish for the grace period, then
 * kills them.
 *
 * <p>Options ({@link #builder}): the listen backlog, a spawn policy (unbounded, a {@link Group} or
 * {@link io.gevent4j.pool.Pool}, or a connection limit — a full pool stops accepting until a handler
 * ends), TLS through an {@link SSLContext}, and a number of hubs: with N hubs the server runs on N
 * platform threads, each with its own listener on the shared port (SO_REUSEPORT), or one acceptor
 * handing connections to the hubs in turn ({@link Builder#sharedPort}). With one hub (the default) it
 * serves on the caller's hub when started from a greenlet, else on a hub of its own thread
 * ({@link #start()}).
 */
public final class StreamServer extends BaseServer {
    /** Serves one connection; may throw anything. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves one connection, in a greenlet of its own.
         *
         * @param socket the connection; the server closes it afterwards
         * @throws Exception anything; it is reported and the server goes on
         */
        void handle(Socket socket) throws Exception;
    }

    private final Handler handler;
    private final int backlog;
    private final SSLContext ssl;
    /** {@link Builder#listener}: served by the first hub instead of a new one; null when none was given. */
    private ServerSocket given;
    /** {@link Builder#sharedPort}: null to decide by the platform. */
    private final Boolean sharedPort;

    /**
     * A server on {@code address} with an unbounded spawn policy, on one hub (which one: {@link #start()}).
     *
     * @param address where to listen
     * @param handler what serves each connection
     * @throws NullPointerException if an argument is null
     */
    public StreamServer(InetSocketAddress address, Handler handler) {
        this(builder(address, handler));
    }

    private StreamServer(Builder b) {
        super(b.address, spawnPolicy(b.group, b.maxConnections, b.hubs), b.hubs);
        this.handler = b.handler;
        this.backlog = b.backlog;
        this.ssl = b.ssl;
        this.sharedPort = b.sharedPort;
        this.given = b.listener;
    }

    /**
     * Settings for a server, to {@link Builder#build() build} it.
     *
     * @param address where to listen
     * @param handler what serves each connection
     * @return the settings, all at their defaults
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(InetSocketAddress address, Handler handler) {
        return new Builder(address, handler);
    }

    /**
     * Settings for a server on {@code listener}, a socket already bound (gevent's servers take a listening
     * socket as well as an address). The server owns it from then on and closes it when it stops. With
     * several hubs, the others listen on its port too if it was bound with SO_REUSEPORT; otherwise its hub
     * deals the connections to them.
     *
     * @param listener a bound, open server socket
     * @param handler what serves each connection
     * @return the builder
     * @throws IllegalArgumentException if {@code listener} is not bound, or closed
     */
    public static Builder builder(ServerSocket listener, Handler handler) {
        Objects.requireNonNull(listener, "listener");
        if (!listener.isBound() || listener.isClosed()) {
            throw new IllegalArgumentException("the listener must be bound and open: " + listener);
        }
        Builder b = new Builder((InetSocketAddress) listener.getLocalSocketAddress(), handler);
        b.listener = listener;
        return b;
    }

    /**
     * Binds and starts serving, and returns at once; see {@link BaseServer#start()}.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    @Override
    public StreamServer start() {
        super.start();
        return this;
    }

    @Override
    Closeable bind(InetSocketAddress address, boolean shared) throws IOException {
        if (given != null) {
            ServerSocket first = given;
            given = null; // the first hub serves it; others bind afresh
            return first;
        }
        ServerSocket listener = ssl != null ? ssl.getServerSocketFactory().createServerSocket() : new ServerSocket();
        try {
            listener.setReuseAddress(true);
            if (shared) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(address, backlog);
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    InetSocketAddress boundAddress(Closeable listener) {
        return (InetSocketAddress) ((ServerSocket) listener).getLocalSocketAddress();
    }

    /**
     * As chosen with {@link Builder#sharedPort}, else only on Linux: other systems (macOS, the BSDs)
     * accept SO_REUSEPORT but give every connection to one of the listeners instead of spreading them.
     */
    @Override
    boolean canSharePort() {
        if (given != null) {
            return sharedPort != Boolean.FALSE && reusesPort(given);
        }
        if (sharedPort != null) {
            return sharedPort;
        }
        return System.getProperty("os.name", "").startsWith("Linux") && reusePortSupported();
    }

    private static boolean reusesPort(ServerSocket listener) {
        try {
            return listener.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
                    && listener.getOption(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean reusePortSupported() {
        try (ServerSocket probe = new ServerSocket()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    void serveOne(Closeable listener, Spawner spawner) throws IOException {
        Socket connection = ((ServerSocket) listener).accept();
        spawner.spawn(() -> handle(connection));
    }

    @Override
    boolean isClosed(Closeable listener) {
        return ((ServerSocket) listener).isClosed();
    }

    private void handle(Socket connection) {
        try (connection) {
            handler.handle(connection);
        } catch (GreenletExit exit) {
            throw exit;
        } catch (Throwable t) {
            report(this, connection.getRemoteSocketAddress(), t);
        }
    }

    /** Settings for a {@link StreamServer}. */
    public static final class Builder {
        private final InetSocketAddress address;
        private final Handler handler;
        private int backlog = 1024;
        private Group group;
        private int maxConnections;
        private SSLContext ssl;
        private int hubs = 1;
        private Boolean sharedPort;
        private ServerSocket listener;

        private Builder(InetSocketAddress address, Handler handler) {
            this.address = Objects.requireNonNull(address, "address");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * The listen queue length (default 1024).
         *
         * @param backlog the length
         * @return this builder
         * @throws IllegalArgumentException if {@code backlog < 1}
         */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be positive: " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * Spawn handlers into this group or pool (one hub only).
         *
         * @param group the group
         * @return this builder
         * @throws NullPointerException if {@code group} is null
         */
        public Builder spawnInto(Group group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * At most this many handlers at once (over all hubs); accepting pauses while they are busy.
         *
         * @param max the limit
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be positive: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Serve TLS with this context (not with a {@linkplain StreamServer#builder(ServerSocket, Handler)
         * given listener}, which is served as it is).
         *
         * @param context the TLS context
         * @return this builder
         * @throws NullPointerException if {@code context} is null
         * @throws IllegalStateException if the builder was given a listener
         */
        public Builder ssl(SSLContext context) {
            if (listener != null) {
                throw new IllegalStateException(
                        "a given listener is served as it is; make it from an SSLServerSocketFactory for TLS");
            }
            this.ssl = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Serve on this many hubs, each on its own platform thread (default 1: see {@link BaseServer#start()}).
         *
         * @param hubs the number of hubs
         * @return this builder
         * @throws IllegalArgumentException if {@code hubs < 1}
         */
        public Builder hubs(int hubs) {
            if (hubs < 1) {
                throw new IllegalArgumentException("hubs must be at least 1: " + hubs);
            }
            this.hubs = hubs;
            return this;
        }

        /**
         * With several {@link #hubs}: {@code true} gives each hub a listener of its own on the shared port
         * (SO_REUSEPORT; the kernel spreads the connections), {@code false} has the first hub accept every
         * connection and deal them to the hubs in turn. The default is {@code true} on Linux, else
         * {@code false}.
         *
         * @param shared whether each hub has a listener of its own
         * @return this builder
         * @throws UnsupportedOperationException for {@code true} where sockets lack SO_REUSEPORT
         */
        public Builder sharedPort(boolean shared) {
            if (shared && !reusePortSupported()) {
                throw new UnsupportedOperationException(
                        "SO_REUSEPORT is not supported on " + System.getProperty("os.name"));
            }
            this.sharedPort = shared;
            return this;
        }

        /**
         * The server, not started.
         *
         * @return the server
         */
        public StreamServer build() {
            return new StreamServer(this);
        }
    }
}
