package io.gevent4j;

/**
 * A one-shot wake-up for the thread that creates it: the building block of every gevent4j object
 * that waits (gevent's {@code gevent.hub.Waiter}).
 *
 * <p>The creating thread calls {@link #await}; any thread calls {@link #wake}. What waiting means
 * depends on who waits: a greenlet parks and its hub runs other greenlets; a hub's own platform
 * thread runs its hub until woken; any other thread blocks. A wake-up that comes before the wait is
 * not lost. Waits end early with the strand's pending exception ({@link GreenletExit} from a kill, a
 * {@link Timeout}); an object that handed something to a waiter checks {@link #isWoken()} when the
 * wait throws, and passes it on.
 *
 * <p>As a {@link Runnable}, a waiter wakes itself, so it can be passed to {@link Waitable#rawlink}.
 */
public final class Waiter implements Runnable {
    private final Strand owner;
    /** Set once, by the first {@link #wake}; never cleared. */
    private volatile boolean woken;

    /** A waiter for the calling thread. */
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

    public boolean isWoken() {
        return woken;
    }

    /** Waits until woken. Only the creating thread may wait. */
    public void await() {
        checkOwner();
        owner.park(this, Strand.NO_DEADLINE, false);
    }

    /**
     * Waits until woken or until {@code deadlineNanos} (a {@link System#nanoTime()} value) passes.
     * Returns whether it was woken.
     */
    public boolean awaitUntil(long deadlineNanos) {
        checkOwner();
        return owner.park(this, deadlineNanos, false);
    }

    private void checkOwner() {
        if (Strand.current() != owner) {
            throw new IllegalStateException("a Waiter can only be awaited by the thread that created it");
        }
    }
}
