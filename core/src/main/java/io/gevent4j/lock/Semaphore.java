package io.gevent4j.lock;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.wait.WaitList;
import io.gevent4j.internal.wait.WaitNode;
import java.time.Duration;

/**
 * A counter of permits for greenlets (gevent's {@code gevent.lock.Semaphore}): {@link #acquire()}
 * takes one, waiting while there are none; {@link #release()} gives one back. With one permit it is a
 * lock (not reentrant; see {@link RLock}).
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(2);
 * try (var held = sem.hold()) {
 *     fetch(url);                  // at most two greenlets fetch at once
 * }
 * }</pre>
 *
 * <p>Waiters are served strictly in arrival order: a release hands its permit straight to the
 * longest-waiting acquirer, so a newcomer cannot take it first. Any thread may release (a permit is
 * not owned), so another thread can wake a greenlet waiting here. A plain semaphore may be released
 * more often than acquired, which adds permits; a {@link BoundedSemaphore} refuses.
 *
 * @see Acquirable for the timeout and failure rules
 */
public sealed class Semaphore extends DeadlineLock permits BoundedSemaphore {
    final Object lock = new Object();
    /** Acquirers (takers) and {@link #awaitAvailable} callers (observers), in arrival order. */
    private final WaitList<Boolean> waiters = new WaitList<>(lock);
    /** Free permits; guarded by {@link #lock}. Invariant: no acquirer waits while it is positive. */
    private int permits;

    /**
     * A semaphore with {@code permits} free permits.
     *
     * @param permits the free permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative: " + permits);
        }
        this.permits = permits;
    }

    @Override
    boolean acquireUntil(long deadline) {
        WaitNode<Boolean> node;
        synchronized (lock) {
            if (permits > 0) {
                permits--;
                return true;
            }
            node = waiters.enqueue(WaitNode::taker, deadline);
        }
        return node != null && waiters.await(node, deadline, abandoned -> releaseLocked());
    }

    /**
     * Gives a permit back: to the longest-waiting acquirer if there is one, else to the pool of free
     * permits. Any thread.
     *
     * @throws IllegalStateException from a {@link BoundedSemaphore} that would exceed its bound
     */
    @Override
    public void release() {
        synchronized (lock) {
            checkRelease(permits);
            releaseLocked();
        }
    }

    private void releaseLocked() {
        if (waiters.handOff(Boolean.TRUE) == null) {
            permits++;
        }
    }

    /** Under the lock, before a release: refuses it by throwing. */
    void checkRelease(int freePermits) {}

    /**
     * Free permits now (gevent's {@code counter}).
     *
     * @return the number of free permits
     */
    public int availablePermits() {
        synchronized (lock) {
            return permits;
        }
    }

    /**
     * Whether an acquire would wait now (gevent's {@code locked()}).
     *
     * @return whether no permit is free
     */
    public boolean isLocked() {
        return availablePermits() == 0;
    }

    /**
     * How many acquirers and {@code awaitAvailable} callers are waiting.
     *
     * @return the number of waiters
     */
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /**
     * Waits until a permit is free, without taking it (gevent's {@code wait()}). Returns at once if one
     * is. By the time the caller runs, others may have taken it.
     */
    public void awaitAvailable() {
        awaitAvailableUntil(Deadlines.NONE);
    }

    /**
     * As {@link #awaitAvailable()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether a permit became free
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean awaitAvailable(Duration timeout) {
        return awaitAvailableUntil(Deadlines.after(timeout, "timeout"));
    }

    private boolean awaitAvailableUntil(long deadline) {
        WaitNode<Boolean> node;
        synchronized (lock) {
            if (permits > 0) {
                return true;
            }
            node = waiters.enqueue(WaitNode::observer, deadline);
        }
        return node != null && waiters.await(node, deadline, null);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return getClass().getSimpleName() + "[permits=" + permits + ", waiting=" + waiters.size() + "]";
        }
    }
}
