package io.gevent4j.lock;

import io.gevent4j.internal.wait.WaitList;
import io.gevent4j.internal.wait.WaitNode;

/**
 * A reentrant lock for greenlets (gevent's {@code gevent.lock.RLock}): the owner may acquire it again,
 * and must release it as many times. The owner is the calling thread, that is the greenlet (each
 * greenlet is its own thread), or a hub's platform thread, or any other thread.
 *
 * <pre>{@code
 * RLock lock = new RLock();
 * try (var held = lock.hold()) {
 *     try (var again = lock.hold()) { ... }   // reentrant
 * }
 * }</pre>
 *
 * <p>Waiters are served in arrival order: the final release hands ownership straight to the
 * longest-waiting acquirer. Only the owner may release.
 *
 * @see Acquirable for the timeout and failure rules
 */
public final class RLock extends DeadlineLock {
    private final Object lock = new Object();
    private final WaitList<Thread> waiters = new WaitList<>(lock);
    /** Guarded by {@link #lock}: the owning thread (null when free) and how often it acquired. */
    private Thread owner;

    private int holds;

    /** A free lock. */
    public RLock() {}

    @Override
    boolean acquireUntil(long deadline) {
        Thread me = Thread.currentThread();
        WaitNode<Thread> node;
        synchronized (lock) {
            if (owner == me) {
                if (holds == Integer.MAX_VALUE) {
                    throw new IllegalStateException("RLock acquired too many times");
                }
                holds++;
                return true;
            }
            if (owner == null) {
                owner = me;
                holds = 1;
                return true;
            }
            node = waiters.enqueue(WaitNode::taker, deadline);
        }
        return node != null && waiters.await(node, deadline, abandoned -> handOver());
    }

    /**
     * Releases one acquisition; the last one frees the lock or hands it to the longest waiter.
     *
     * @throws IllegalStateException if the calling thread does not own the lock
     */
    @Override
    public void release() {
        synchronized (lock) {
            if (owner != Thread.currentThread()) {
                throw new IllegalStateException(
                        "cannot release an RLock not owned by " + Thread.currentThread() + " (owner: " + owner + ")");
            }
            if (--holds == 0) {
                handOver();
            }
        }
    }

    /** Under the lock: the owner let go completely. */
    private void handOver() {
        WaitNode<Thread> next = waiters.first();
        if (next == null) {
            owner = null;
            holds = 0;
        } else {
            owner = next.thread();
            holds = 1;
            waiters.grant(next, owner);
        }
    }

    /**
     * Whether some thread owns the lock.
     *
     * @return whether it is locked
     */
    public boolean isLocked() {
        synchronized (lock) {
            return owner != null;
        }
    }

    /**
     * Whether the calling thread (greenlet) owns the lock.
     *
     * @return whether the caller owns it
     */
    public boolean isHeldByCurrentThread() {
        synchronized (lock) {
            return owner == Thread.currentThread();
        }
    }

    /**
     * How many times the calling thread holds the lock.
     *
     * @return the hold count, 0 when the caller does not own the lock
     */
    public int holdCount() {
        synchronized (lock) {
            return owner == Thread.currentThread() ? holds : 0;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RLock[" + (owner == null ? "free" : "owner=" + owner + ", holds=" + holds) + ", waiting="
                    + waiters.size() + "]";
        }
    }
}
