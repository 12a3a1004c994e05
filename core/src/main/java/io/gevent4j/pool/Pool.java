package io.gevent4j.pool;

import io.gevent4j.lock.Semaphore;
import java.time.Duration;

/**
 * A {@link Group} that never has more than {@code size} members (gevent's {@code gevent.pool.Pool}):
 * {@link #spawn}, {@link #add} and the mapping calls wait for a free slot, and slots are handed out in
 * the order the callers arrived. A slot frees when its greenlet dies or is discarded.
 *
 * <pre>{@code
 * Pool pool = new Pool(10);
 * for (String url : urls) {
 *     pool.spawn(() -> fetch(url));   // waits while 10 fetches run
 * }
 * pool.join();
 * }</pre>
 *
 * <p>A member of a full pool that spawns into it waits for itself: use {@link #apply}, which runs the
 * task in place when called from a member.
 */
public final class Pool extends Group {
    private final int capacity;
    private final Semaphore slots;

    /**
     * A pool of at most {@code size} greenlets.
     *
     * @param size the most members at once
     * @throws IllegalArgumentException if {@code size < 1} (a {@link Group} has no limit)
     */
    public Pool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException(
                    "pool size must be at least 1, was " + size + " (use Group for no limit)");
        }
        this.capacity = size;
        this.slots = new Semaphore(size);
    }

    @Override
    void reserve() {
        slots.acquire();
    }

    @Override
    void unreserve() {
        slots.release();
    }

    /**
     * The most greenlets the pool runs at once (gevent's {@code pool.size}).
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * How many greenlets could be added now without waiting (gevent's {@code free_count()}).
     *
     * @return the number of free slots
     */
    public int freeCount() {
        return slots.availablePermits();
    }

    /**
     * Whether a spawn would wait now (gevent's {@code full()}).
     *
     * @return whether no slot is free
     */
    public boolean isFull() {
        return freeCount() == 0;
    }

    /**
     * Waits until a slot is free, without taking it (gevent's {@code wait_available()}); returns
     * {@link #freeCount()} then. Another caller may take the slot before this one spawns.
     *
     * @return the number of free slots then
     */
    public int waitAvailable() {
        slots.awaitAvailable();
        return freeCount();
    }

    /**
     * As {@link #waitAvailable()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return {@link #freeCount()} then (0 if none freed)
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public int waitAvailable(Duration timeout) {
        slots.awaitAvailable(timeout);
        return freeCount();
    }

    @Override
    public String toString() {
        return "Pool[size=" + size() + ", capacity=" + capacity + "]";
    }
}
