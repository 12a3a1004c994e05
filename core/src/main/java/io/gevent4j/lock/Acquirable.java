package io.gevent4j.lock;

import io.gevent4j.Timeout;
import java.time.Duration;

/**
 * Something a greenlet acquires and later releases: a {@link Semaphore} permit, an {@link RLock}.
 *
 * <p>Waiters are served in arrival order. Waiting parks only the calling greenlet; on a hub's own
 * thread it runs the hub meanwhile; any other thread blocks. A wait ended by an exception (the
 * greenlet was killed, a {@link Timeout} expired) holds nothing afterwards: if the permit had already
 * been handed to it, it passes on to the next waiter.
 *
 * <p>Memory consistency effects: as with {@link java.util.concurrent.locks.Lock}, actions before a
 * release happen-before the actions after an acquire that the release let through.
 */
public interface Acquirable {
    /** Acquires, waiting as long as it takes. */
    void acquire();

    /**
     * Acquires, waiting at most {@code timeout}; {@link Duration#ZERO} does not wait.
     *
     * @param timeout the longest wait
     * @return whether it acquired
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean acquire(Duration timeout);

    /**
     * Acquires only if that needs no wait (gevent's {@code acquire(blocking=False)}).
     *
     * @return whether it acquired
     */
    boolean tryAcquire();

    /** Releases what {@link #acquire} took. */
    void release();

    /**
     * Acquires and returns a handle whose {@link Held#close()} releases, for try-with-resources
     * (gevent's {@code with sem:}).
     *
     * <pre>{@code
     * try (var held = sem.hold()) {
     *     ...                      // at most N greenlets here at once
     * }
     * }</pre>
     *
     * @return the acquisition, to close
     */
    default Held hold() {
        acquire();
        return new Held(this);
    }

    /**
     * As {@link #hold()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return the acquisition, to close
     * @throws Timeout if it could not acquire in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    default Held hold(Duration timeout) {
        if (!acquire(timeout)) {
            throw new Timeout(timeout);
        }
        return new Held(this);
    }

    /** An acquisition made by {@link Acquirable#hold()}; closing it releases once, later closes do nothing. */
    final class Held implements AutoCloseable {
        private final Acquirable acquired;
        private final java.util.concurrent.atomic.AtomicBoolean open =
                new java.util.concurrent.atomic.AtomicBoolean(true);

        Held(Acquirable acquired) {
            this.acquired = acquired;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                acquired.release();
            }
        }
    }
}
