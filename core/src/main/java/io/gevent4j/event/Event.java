package io.gevent4j.event;

import io.gevent4j.internal.Deadlines;
import java.time.Duration;

/**
 * A flag that greenlets wait on until it is set (gevent's {@code gevent.event.Event}).
 *
 * <pre>{@code
 * Event ready = new Event();
 * Gevent.spawn(() -> { ready.await(); System.out.println("go"); });
 * Gevent.spawn(() -> { Gevent.sleep(100); ready.set(); });
 * }</pre>
 *
 * <p>{@link #set()} wakes every waiter at once; waits that start while the flag is set return at
 * once, until {@link #clear()}. A waiter woken by a {@code set} returns true even if the event was
 * cleared again before it ran.
 *
 * <p>Thread-safety: every method may be called from any thread. Waiting parks only the calling
 * greenlet; on a hub's own thread it runs the hub meanwhile; any other thread blocks.
 * {@link #rawlink} callbacks run on the thread that calls {@code set}.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #set()} happen-before
 * actions after a wait that the set ended, or after {@link #isSet()} returns true in another thread.
 */
public final class Event extends Readied {
    private static final Runnable NOTHING = () -> {};

    /** A new event, not set. */
    public Event() {}

    /** Sets the flag and wakes every waiter; callbacks registered with {@link #rawlink} run now, on this thread. */
    public void set() {
        readiness.makeReady(NOTHING);
    }

    /** Resets the flag: later waits block until the next {@link #set()}. */
    public void clear() {
        readiness.reset();
    }

    /**
     * Whether the flag is set now.
     *
     * @return whether it is set
     */
    public boolean isSet() {
        return readiness.isReady();
    }

    /**
     * Waits until the flag is set; returns at once if it is.
     *
     * @return true (as gevent's {@code wait()})
     */
    public boolean await() {
        return readiness.awaitUntil(Deadlines.NONE);
    }

    /**
     * Waits at most {@code timeout} for the flag. {@link Duration#ZERO} only checks.
     *
     * @param timeout the longest wait
     * @return whether it is set (or a {@code set} woke this wait)
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean await(Duration timeout) {
        return readiness.awaitUntil(Deadlines.after(timeout, "timeout"));
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "clear") + "]";
    }
}
