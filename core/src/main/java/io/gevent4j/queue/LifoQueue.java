package io.gevent4j.queue;

/**
 * A queue that gives out the most recently added item first (gevent's {@code LifoQueue}); otherwise
 * as {@link Queue}, including FIFO order among waiting getters and putters.
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        super(UNBOUNDED, Store.lifo());
    }

    /**
     * A LIFO queue holding at most {@code maxsize} items.
     *
     * @param maxsize the most items the queue holds, at least 1
     * @throws IllegalArgumentException if {@code maxsize < 1}
     */
    public LifoQueue(int maxsize) {
        super(checkMaxsize(maxsize), Store.lifo());
    }
}
