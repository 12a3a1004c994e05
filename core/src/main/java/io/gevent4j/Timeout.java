package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Rethrow;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A deadline on a stretch of code: when it expires, this very exception is raised in the strand that
 * started it, at its next blocking point (gevent's {@code gevent.Timeout}).
 *
 * <pre>{@code
 * try (Timeout t = Timeout.start(Duration.ofSeconds(2))) {
 *     String reply = queue.get();        // raises t if nothing arrives within 2 s
 * } catch (Timeout t) {
 *     ...                                // t is the instance started above
 * }
 * }</pre>
 *
 * <p>Closing (or {@link #cancel() cancelling}) a timeout before it expires disarms it; one that expired
 * but was not yet raised is withdrawn. Timeouts nest; each raises only itself, so code that catches
 * {@code Timeout} can tell its own from an outer one with {@code ==}. The same class is thrown by
 * timed {@code get} calls, as gevent's is.
 *
 * <p>Code that never blocks cannot be interrupted: the timeout is raised at the next hub-aware wait.
 *
 * <p>Thread-safety: a timeout belongs to the thread that starts it; {@link #expired()} may be read
 * from any thread.
 */
public class Timeout extends RuntimeException implements AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final transient Duration duration;
    private transient Strand strand;
    private transient Strand.Cancellable timer;
    /** Guarded by being confined to the starting strand, except {@link #expired}, set by the timer. */
    private volatile boolean expired;

    /**
     * An unstarted timeout of {@code duration}; {@link #start()} arms it.
     *
     * @param duration how long after {@link #start()} it expires
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public Timeout(Duration duration) {
        super("timed out after " + checked(duration));
        this.duration = duration;
    }

    private static Duration checked(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("timeout duration must not be negative: " + d);
        }
        return d;
    }

    /**
     * Creates and starts a timeout for the calling thread (gevent's {@code Timeout.start_new}).
     *
     * @param duration how long from now it expires
     * @return the started timeout, to close
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static Timeout start(Duration duration) {
        return new Timeout(duration).start();
    }

    /**
     * Arms the timeout for the calling thread (a greenlet, a hub's thread, or any other thread).
     *
     * @return this timeout
     * @throws IllegalStateException if it was started already
     */
    public Timeout start() {
        if (strand != null) {
            throw new IllegalStateException("timeout already started");
        }
        Strand s = Strand.current();
        strand = s;
        timer = s.schedule(Deadlines.after(duration, "duration"), this::expire);
        return this;
    }

    private void expire() {
        expired = true;
        strand.raise(this);
    }

    /** Disarms the timeout, and withdraws it if it expired but was not raised yet. Idempotent. */
    public void cancel() {
        if (timer != null) {
            timer.cancel();
            strand.withdraw(this);
        }
    }

    /** Same as {@link #cancel()}, for try-with-resources. */
    @Override
    public void close() {
        cancel();
    }

    /**
     * Whether the timeout has run out (it may not have been raised yet). Any thread.
     *
     * @return whether it expired
     */
    public boolean expired() {
        return expired;
    }

    /**
     * How long after its start the timeout expires.
     *
     * @return the duration
     */
    public Duration duration() {
        return duration;
    }

    /**
     * Runs {@code task} under a timeout and returns its result.
     *
     * @param <T> the result type
     * @param duration how long the task may take
     * @param task what to run
     * @return what the task returned
     * @throws Timeout if it does not finish within {@code duration}
     * @throws NullPointerException if an argument is null
     */
    public static <T> T withTimeout(Duration duration, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Timeout t = start(duration);
        try {
            return task.call();
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        } finally {
            t.cancel();
        }
    }

    /**
     * Runs {@code task} under a timeout, or gives {@code fallback} if this timeout expires first (an
     * outer timeout still propagates).
     *
     * @param <T> the result type
     * @param duration how long the task may take
     * @param task what to run
     * @param fallback the result when time runs out
     * @return what the task returned, or {@code fallback}
     * @throws NullPointerException if {@code duration} or {@code task} is null
     */
    public static <T> T withTimeout(Duration duration, Callable<T> task, T fallback) {
        Objects.requireNonNull(task, "task");
        Timeout t = start(duration);
        try {
            return task.call();
        } catch (Timeout raised) {
            if (raised == t) {
                return fallback;
            }
            throw raised;
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        } finally {
            t.cancel();
        }
    }
}
