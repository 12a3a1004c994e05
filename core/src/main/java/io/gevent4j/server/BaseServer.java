package io.gevent4j.server;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.event.Event;
import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Latches;
import io.gevent4j.internal.Report;
import io.gevent4j.pool.Group;
import io.gevent4j.pool.Pool;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * What {@link StreamServer} and {@link DatagramServer} share (gevent's {@code gevent.baseserver}):
 * binding, a spawn policy for handlers, starting and stopping, and serving on several hubs.
 *
 * <p>Life cycle: {@link #start()} binds and starts serving in the background of the calling thread's
 * hub (with one hub) or of its own hub threads (with several); {@link #serveForever()} starts if needed
 * and waits until the server is stopped; {@link #stop(Duration)} stops taking new work, lets running
 * handlers finish for up to the grace period, then kills the rest. Each may be called from any thread.
 *
 * <p>Memory consistency effects: actions of the handlers happen-before {@link #stop(Duration)} returns
 * after they ended.
 */
public abstract sealed class BaseServer implements AutoCloseable permits StreamServer, DatagramServer {
    /** How long {@link #close()} lets handlers finish (gevent's {@code stop_timeout}). */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(1);
    /** The first pause after a failed accept (gevent's {@code min_delay}). */
    static final Duration MIN_RETRY_DELAY = Duration.ofMillis(10);
    /** The longest pause between retries of a failing accept (gevent's {@code max_delay}). */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);

    private final InetSocketAddress requested;
    private final IntFunction<Group> handlersForHub;
    private final int hubs;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private List<Worker> workers;

    private volatile InetSocketAddress bound;
    private final Event stopped = new Event();
    private volatile boolean stopping;

    BaseServer(InetSocketAddress address, IntFunction<Group> handlersForHub, int hubs) {
        this.requested = Objects.requireNonNull(address, "address");
        this.handlersForHub = handlersForHub;
        if (hubs < 1) {
            throw new IllegalArgumentException("hubs must be at least 1: " + hubs);
        }
        this.hubs = hubs;
    }

    /** The spawn policy shared by the builders: a given group, a pool of a size, or unbounded. */
    static IntFunction<Group> spawnPolicy(Group group, int maxConnections, int hubs) {
        if (group != null) {
            if (hubs > 1) {
                throw new IllegalArgumentException(
                        "a Group or Pool serves one hub; with several hubs give a connection limit");
            }
            return hub -> group;
        }
        if (maxConnections > 0) {
            return hub -> new Pool(Math.max(1, maxConnections / hubs));
        }
        return hub -> new Group();
    }

    /** Opens the listener on {@code address}; {@code shared} asks for SO_REUSEPORT (several hubs). */
    abstract Closeable bind(InetSocketAddress address, boolean shared) throws IOException;

    /** The address a listener is bound to. */
    abstract InetSocketAddress boundAddress(Closeable listener);

    /** Whether listeners can share one port (SO_REUSEPORT); else one acceptor feeds every hub. */
    abstract boolean canSharePort();

    /**
     * Takes one piece of work from {@code listener} (a connection, a datagram), waiting for it, and
     * hands it to a greenlet spawned by {@code spawner}, on the calling greenlet's hub.
     */
    abstract void serveOne(Closeable listener, Spawner spawner) throws IOException;

    /** Whether {@code listener} was closed (then no retry can succeed). */
    abstract boolean isClosed(Closeable listener);

    /** Where {@link #serve} sends each piece of work. */
    @FunctionalInterface
    interface Spawner {
        void spawn(io.gevent4j.ThrowingRunnable handler);
    }

    /**
     * Binds and starts serving, and returns at once.
     *
     * <p>Called from a greenlet, a one-hub server serves on the caller's hub, as gevent's does: the
     * accept loop is a greenlet of that hub and makes progress whenever the caller waits cooperatively
     * (in {@link #serveForever()}, a join, a sleep), and handlers share the hub's single thread with
     * the caller's other greenlets. Called from outside any greenlet (a plain thread such as
     * {@code main} or a test), it serves on a hub of its own platform thread, so the caller may block
     * in any call meanwhile. With several hubs, each always runs on a platform thread of its own.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws UncheckedIOException if the address cannot be bound
     */
    public BaseServer start() {
        synchronized (lock) {
            if (workers != null) {
                throw new IllegalStateException(this + " was already started");
            }
            workers = new ArrayList<>();
            try {
                if (hubs == 1 && Gevent.getCurrent() != null) {
                    Worker w = new Worker(Hub.current(), bind(requested, false), handlersForHub.apply(0));
                    workers.add(w);
                    bound = boundAddress(w.listener);
                    w.acceptor = Gevent.spawn(() -> w.serve(w.handlers::spawn));
                } else {
                    startHubThreads();
                }
            } catch (IOException e) {
                closeListeners();
                throw new UncheckedIOException("cannot listen on " + requested, e);
            }
        }
        return this;
    }

    private void startHubThreads() throws IOException {
        // Each hub accepts for itself when it is alone or the port can be shared; else hub 0 deals.
        boolean eachAccepts = hubs == 1 || canSharePort();
        InetSocketAddress address = requested;
        for (int i = 0; i < hubs; i++) {
            Closeable listener = eachAccepts || i == 0 ? bind(address, eachAccepts && hubs > 1) : null;
            if (i == 0) {
                bound = boundAddress(listener);
                address = bound; // the other hubs join the port the first one got
            }
            workers.add(new Worker(null, listener, null));
        }
        CountDownLatch ready = new CountDownLatch(hubs);
        for (int i = 0; i < hubs; i++) {
            Worker w = workers.get(i);
            int index = i;
            Thread.ofPlatform().name(this + "-hub-" + i).start(() -> {
                w.hub = Hub.current();
                w.handlers = handlersForHub.apply(index);
                ready.countDown();
                Gevent.run(() -> {
                    if (w.listener != null) {
                        w.acceptor = Gevent.spawn(() -> w.serve(eachAccepts ? w.handlers::spawn : this::roundRobin));
                    }
                    stopped.await();
                    w.handlers.join();
                });
            });
        }
        Latches.awaitUninterruptibly(ready);
    }

    private int next;

    /** Without SO_REUSEPORT: the first hub's acceptor deals connections to every hub in turn. */
    private void roundRobin(io.gevent4j.ThrowingRunnable handler) {
        Worker w = workers.get(Math.floorMod(next++, workers.size()));
        w.hub.spawn(() -> w.handlers.spawn(handler)); // a Pool may make the spawn wait: not in a callback
    }

    /** Starts if needed, then waits until the server is stopped. On one hub, this is where it runs. */
    public void serveForever() {
        synchronized (lock) {
            if (workers == null) {
                start();
            }
        }
        stopped.await();
    }

    /**
     * Stops accepting, lets running handlers finish for up to {@code grace}, then kills the rest.
     * Idempotent.
     *
     * @param grace how long handlers may go on
     * @return whether every handler finished by itself
     * @throws NullPointerException if {@code grace} is null
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public boolean stop(Duration grace) {
        if (Objects.requireNonNull(grace, "grace").isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        List<Worker> ws;
        synchronized (lock) {
            if (workers == null || stopping) {
                return true;
            }
            stopping = true;
            ws = workers;
        }
        closeListeners();
        for (Worker w : ws) {
            if (w.acceptor != null) {
                w.acceptor.kill();
            }
        }
        long deadline = Deadlines.after(grace, "grace");
        boolean clean = true;
        for (Worker w : ws) {
            Greenlet<?> self = Gevent.getCurrent();
            if (self != null && w.handlers.contains(self)) {
                w.handlers.discard(self); // a handler stopping its own server does not wait for itself
            }
            long left = Math.max(0, deadline - System.nanoTime());
            if (!w.handlers.join(Duration.ofNanos(left))) {
                clean = false;
                w.handlers.kill();
            }
        }
        stopped.set();
        return clean;
    }

    /**
     * Stops with {@link #DEFAULT_STOP_TIMEOUT} as the grace, as gevent's {@code server.stop()} does with
     * its {@code stop_timeout}; see {@link #stop(Duration)}.
     *
     * @return whether every handler finished by itself
     */
    public boolean stop() {
        return stop(DEFAULT_STOP_TIMEOUT);
    }

    /** {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    private void closeListeners() {
        for (Worker w : workers) {
            if (w.listener != null) {
                try {
                    w.listener.close();
                } catch (IOException ignored) {
                    // closing to stop: nothing to do about it
                }
            }
        }
    }

    /**
     * The address the server listens on, with the port the OS chose for port 0.
     *
     * @return the address, or null before start
     */
    public InetSocketAddress address() {
        return bound;
    }

    /**
     * Whether the server was started (and bound).
     *
     * @return whether it was
     */
    public boolean isStarted() {
        return bound != null;
    }

    /**
     * Whether the server was stopped.
     *
     * @return whether it was
     */
    public boolean isStopped() {
        return stopped.isSet();
    }

    /**
     * Handlers running now, over all hubs.
     *
     * @return the number of handlers
     */
    public int connections() {
        List<Worker> ws;
        synchronized (lock) {
            ws = workers == null ? List.of() : workers;
        }
        int n = 0;
        for (Worker w : ws) {
            if (w.handlers != null) {
                n += w.handlers.size();
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (bound != null ? bound : requested) + "]";
    }

    /** One hub's share of the server: its listener (null when fed by another hub) and its handlers. */
    private final class Worker {
        volatile Hub hub;
        final Closeable listener;
        volatile Group handlers;
        volatile Greenlet<?> acceptor;

        Worker(Hub hub, Closeable listener, Group handlers) {
            this.hub = hub;
            this.listener = listener;
            this.handlers = handlers;
        }

        /**
         * The accept loop. A failure to accept that may pass (no descriptors left, the peer gone before
         * the accept) is reported and retried after a pause that doubles from {@link #MIN_RETRY_DELAY}
         * up to {@link #MAX_RETRY_DELAY} while failures go on, as gevent's servers do; the connections
         * waiting in the listen queue are accepted once it passes. A listener closed by anyone but
         * {@link #stop} ends the loop with a report.
         */
        void serve(Spawner spawner) {
            Duration delay = Duration.ZERO;
            while (!stopping) {
                try {
                    serveOne(listener, spawner);
                    delay = Duration.ZERO;
                } catch (IOException e) {
                    if (stopping) {
                        return;
                    }
                    if (isClosed(listener)) {
                        Report.failure(
                                Report.SERVER, BaseServer.this + " stopped accepting: its listener was closed", e);
                        return;
                    }
                    Duration doubled = delay.multipliedBy(2);
                    delay = delay.isZero()
                            ? MIN_RETRY_DELAY
                            : doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
                    Report.warning(
                            Report.SERVER,
                            BaseServer.this + " failed to accept; retrying in " + delay.toMillis() + " ms",
                            e);
                    Gevent.sleep(delay);
                }
            }
        }
    }

    /** Reports a handler's failure on stderr, as gevent's hub does; the server goes on. */
    static void report(Object server, Object peer, Throwable t) {
        Report.failure(Report.SERVER, server + ": handler for " + peer + " failed with " + t, t);
    }
}
