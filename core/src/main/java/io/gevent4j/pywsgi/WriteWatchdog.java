package io.gevent4j.pywsgi;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.time.Duration;
import java.util.Set;

/**
 * Ends writes that block too long: a socket write has no timeout of its own, so a greenlet of the
 * server's (on the hub of the first connection) looks at every connection a few times per write
 * timeout and closes the socket of one whose current write began longer ago than the timeout (the
 * write then fails, and the connection ends). A write costs two {@code nanoTime} stamps for this.
 *
 * <p>Thread-safety: {@link #ensureStarted} and {@link #stop} may be called from any thread.
 */
final class WriteWatchdog {
    private final Set<Connection> connections;
    private final long timeoutNanos;
    private Greenlet<?> sweeper;
    private boolean stopped;

    WriteWatchdog(Set<Connection> connections, long timeoutNanos) {
        this.connections = connections;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts the sweeping greenlet on the caller's hub, once. */
    synchronized void ensureStarted() {
        if (sweeper == null && !stopped) {
            sweeper = Gevent.spawn(this::sweep);
        }
    }

    private void sweep() {
        Duration period = Duration.ofNanos(Math.clamp(timeoutNanos / 4, 10_000_000L, 1_000_000_000L));
        while (true) {
            Gevent.sleep(period);
            long now = System.nanoTime();
            for (Connection c : connections) {
                c.closeIfWriteStalled(now, timeoutNanos);
            }
        }
    }

    /** Kills the sweeper (waiting for it at most a second) and keeps a new one from starting. */
    void stop() {
        Greenlet<?> g;
        synchronized (this) {
            stopped = true;
            g = sweeper;
        }
        if (g != null) {
            g.kill(Duration.ofSeconds(1));
        }
    }
}
