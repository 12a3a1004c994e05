package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import java.util.Objects;

/**
 * A one-shot wake-up for the thread that creates it: the building block of every gevent4j object
 * that waits (gevent's {@code gevent.hub.Waiter}).
 *
 * <p>The creating thread calls {@link #await}; any thread calls {@link #wake}. What waiting means
 * depends on who waits: a greenlet parks and its hub runs other greenlets; a hub's own platform
 * thread runs its hub until woken; any other thread blocks. A wake-up that comes before the wait is
 * not lost. Waits end early with the strand's pending exception ({@link GreenletExit} from a kill, a
 * {@link Timeout}), even when a wake-up came too. An object that handed something to the waiter
 * checks {@link #isWoken()} when the wait throws: it takes back or passes on what it handed, so the
 * operation did not happen; or, when that cannot be undone (an item already taken), it lets the call
 * return and {@linkplain #raiseAtNextWait puts the exception back} for the next blocking point.
 *
 * <p>As a {@link Runnable}, a waiter wakes itself, so it can be passed to {@link Waitable#rawlink}.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #wake()} happen-before
 * the waiting thread's return from a wait that the wake-up ended, and before {@link #isWoken()}
 * returns true.
 */
public final class Waiter implements Runnable {
    private final Strand owner;
    /** Set once, by the first {@link #wake}; never cleared. */
    private volatile boolean woken;

    /** A waiter for the calling thread, which alone may wait on it. */
    public Waiter() {
        this(Strand.current());
    }

    Waiter(Strand owner) {
        this.owner = owner;
    }

    /** Wakes the waiting thread, or makes its next {@link #await} return at once; any thread, idempotent. */
    public void wake() {
        if (!woken) {
            woken = true;
            owner.unpark();
        }
    }

    @Override
    public void run() {
        wake();
    }

    /**
     * Whether {@link #wake()} was called. Any thread.
     *
     * @return whether it was woken
     */
    public boolean isWoken() {
        return woken;
    }

    /**
     * Waits until woken; returns at once if it was. The wait tolerates spurious wake-ups.
     *
     * @throws IllegalStateException if the calling thread did not create this waiter
     */
    public void await() {
        checkOwner();
        owner.park(this, Deadlines.NONE, false);
    }

    /**
     * Waits until woken or until {@code deadlineNanos} passes.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value ({@code Long.MAX_VALUE} for none)
     * @return whether it was woken
     * @throws IllegalStateException if the calling thread did not create this waiter
     */
    public boolean awaitUntil(long deadlineNanos) {
        checkOwner();
        return owner.park(this, deadlineNanos, false);
    }

    /**
     * For the waiting thread, after its {@link #await} threw {@code e} (a kill, a {@link Timeout}) but
     * what it waited for happened all the same: arranges for {@code e} to be raised at its next blocking
     * point, so the call can return what it got and nothing is lost or done twice. A kill that arrived
     * meanwhile is kept; a kill wins over a timeout.
     *
     * @param e what the wait threw
     * @throws NullPointerException if {@code e} is null
     * @throws IllegalStateException if the calling thread did not create this waiter
     */
    public void raiseAtNextWait(RuntimeException e) {
        checkOwner();
        owner.raiseAtNextWait(Objects.requireNonNull(e, "e"));
    }

    private void checkOwner() {
        if (Strand.current() != owner) {
            throw new IllegalStateException("a Waiter can only be awaited by the thread that created it");
        }
    }
}
