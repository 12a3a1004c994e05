package io.gevent4j.queue;

import java.util.Comparator;
import java.util.Objects;

/**
 * A queue that gives out its smallest item first (gevent's {@code PriorityQueue}), by natural order
 * or by a comparator; otherwise as {@link Queue}. With natural order, items must be {@link Comparable}.
 * Items equal in order come out in no particular order.
 *
 * <p>An item handed straight to a waiting getter is not compared with anything: a getter that waits
 * on an empty queue takes the first item put.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {
    /** An unbounded queue in natural order. */
    public PriorityQueue() {
        super(UNBOUNDED, Store.priority(null));
    }

    /**
     * A queue in natural order holding at most {@code maxsize} items.
     *
     * @param maxsize the most items the queue holds, at least 1
     * @throws IllegalArgumentException if {@code maxsize < 1}
     */
    public PriorityQueue(int maxsize) {
        super(checkMaxsize(maxsize), Store.priority(null));
    }

    /**
     * An unbounded queue ordered by {@code order}.
     *
     * @param order the order, smallest first
     * @throws NullPointerException if {@code order} is null
     */
    public PriorityQueue(Comparator<? super T> order) {
        super(UNBOUNDED, Store.priority(Objects.requireNonNull(order, "order")));
    }

    /**
     * A queue ordered by {@code order} holding at most {@code maxsize} items.
     *
     * @param maxsize the most items the queue holds, at least 1
     * @param order the order, smallest first
     * @throws IllegalArgumentException if {@code maxsize < 1}
     * @throws NullPointerException if {@code order} is null
     */
    public PriorityQueue(int maxsize, Comparator<? super T> order) {
        super(checkMaxsize(maxsize), Store.priority(Objects.requireNonNull(order, "order")));
    }
}
