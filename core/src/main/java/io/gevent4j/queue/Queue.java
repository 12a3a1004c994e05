package io.gevent4j.queue;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.wait.WaitList;
import io.gevent4j.internal.wait.WaitNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A FIFO queue for greenlets (gevent's {@code gevent.queue.Queue}): {@code get} waits while it is
 * empty, {@code put} waits while it is full.
 *
 * <pre>{@code
 * Queue<String> jobs = new Queue<>(3);                 // at most 3 items; new Queue<>() has no limit
 * Gevent.spawn(() -> { for (String j : List.of("a", "b", "c", "d")) jobs.put(j); });
 * System.out.println(jobs.get());                       // a
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiting getters are served in arrival order, and so are waiting putters: an item
 * is handed directly to the longest-waiting getter (it never sits in the queue where a newcomer could
 * take it), and a get from a full queue moves the longest-waiting putter's item in.
 *
 * <p><b>Timeouts and failures are exactly-once.</b> A timed {@code get} throws {@link Empty} and a
 * timed {@code put} throws {@link Full} when time runs out ({@code getNowait}/{@code putNowait} do not
 * wait at all); an item handed over just as time ran out counts as handed over. A wait ended by an
 * exception (the greenlet was killed, a {@link io.gevent4j.Timeout} expired) either did not happen and
 * raises, or happened and returns: a getter that had already been handed an item raises and gives the
 * item to the next waiting getter, or back to the head of the queue (the one case where a bounded
 * queue may briefly hold one item more than its {@code maxsize}); a putter whose item had already been
 * taken or admitted returns normally, and the kill or timeout is raised at its next blocking point
 * instead. So a {@code put} that raised never delivered its item, and one that returned always did.
 *
 * <p><b>Threads.</b> Every method may be called from any thread: a put from another thread wakes a
 * getter on a hub, and the other way round. Waiting parks only the calling greenlet; on a hub's own
 * thread it runs the hub meanwhile; any other thread blocks. Null items are rejected.
 *
 * <p><b>Memory consistency effects:</b> as in {@link java.util.concurrent.BlockingQueue}, actions in a
 * thread before it puts an item happen-before actions after that item is got or peeked at in another
 * thread.
 *
 * <p><b>Iteration</b> is repeated {@link #get()}, as in gevent: {@code for (T item : queue)} never ends
 * by itself (break out, or use {@link #until}).
 *
 * @param <T> the item type
 */
public sealed class Queue<T> implements Iterable<T> permits LifoQueue, PriorityQueue, JoinableQueue, Channel {
    static final int UNBOUNDED = Integer.MAX_VALUE;
    final Object lock = new Object();
    private final int maxsize;
    private final Store<T> store;
    /** Getters (takers) and peekers (observers), in arrival order. */
    private final WaitList<T> getters = new WaitList<>(lock);
    /** Putters, each offering its item, in arrival order. Non-empty only while the store is full. */
    private final WaitList<T> putters = new WaitList<>(lock);

    /** An unbounded FIFO queue: {@code put} never waits. */
    public Queue() {
        this(UNBOUNDED, Store.fifo());
    }

    /**
     * A FIFO queue holding at most {@code maxsize} items.
     *
     * @param maxsize the most items the queue holds
     * @throws IllegalArgumentException if {@code maxsize < 1} (use {@code new Queue<>()} for no limit,
     *     {@link Channel} for none at all)
     */
    public Queue(int maxsize) {
        this(checkMaxsize(maxsize), Store.fifo());
    }

    Queue(int maxsize, Store<T> store) {
        this.maxsize = maxsize;
        this.store = store;
    }

    static int checkMaxsize(int maxsize) {
        if (maxsize < 1) {
            throw new IllegalArgumentException("maxsize must be at least 1, was " + maxsize
                    + " (use the no-argument constructor for an unbounded queue, or Channel for maxsize 0)");
        }
        return maxsize;
    }

    // ---- put ---------------------------------------------------------------------------------

    /**
     * Adds {@code item}, waiting while the queue is full.
     *
     * @param item the item
     * @throws NullPointerException if {@code item} is null
     */
    public void put(T item) {
        put(item, Deadlines.NONE);
    }

    /**
     * Adds {@code item}, waiting at most {@code timeout} while the queue is full.
     *
     * @param item the item
     * @param timeout the longest wait
     * @throws Full if there is still no room
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void put(T item, Duration timeout) {
        put(item, Deadlines.after(timeout, "timeout"));
    }

    /**
     * Adds {@code item} if that needs no wait.
     *
     * @param item the item
     * @throws Full if the queue is full
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(T item) {
        put(item, Deadlines.NOWAIT);
    }

    private void put(T item, long deadline) {
        Objects.requireNonNull(item, "queue items must not be null");
        WaitNode<T> node;
        synchronized (lock) {
            if (getters.handOff(item) != null) {
                accepted();
                return;
            }
            if (store.size() < maxsize) {
                store.add(item);
                accepted();
                return;
            }
            node = putters.enqueue(() -> WaitNode.offering(item), deadline);
            if (node == null) {
                throw new Full();
            }
        }
        if (!putters.await(node, deadline, null)) {
            throw new Full();
        }
    }

    // ---- get ---------------------------------------------------------------------------------

    /**
     * Removes and returns the next item, waiting while the queue is empty.
     *
     * @return the item
     */
    public T get() {
        return next(Deadlines.NONE, true);
    }

    /**
     * Removes and returns the next item, waiting at most {@code timeout} while the queue is empty.
     *
     * @param timeout the longest wait
     * @return the item
     * @throws Empty if no item arrived in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T get(Duration timeout) {
        return next(Deadlines.after(timeout, "timeout"), true);
    }

    /**
     * Removes and returns the next item if there is one now.
     *
     * @return the item
     * @throws Empty if there is none
     */
    public T getNowait() {
        return next(Deadlines.NOWAIT, true);
    }

    /**
     * The next item, waiting until {@code deadline} while there is none: taken out when {@code take},
     * else only looked at. A stored item comes first, then the longest-waiting putter's (a rendezvous).
     */
    private T next(long deadline, boolean take) {
        WaitNode<T> node;
        synchronized (lock) {
            if (store.size() > 0) {
                if (!take) {
                    return store.head();
                }
                T item = store.take();
                WaitNode<T> putter = putters.first();
                if (putter != null && store.size() < maxsize) {
                    store.add(putter.value());
                    admit(putter);
                }
                return item;
            }
            WaitNode<T> putter = putters.first();
            if (putter != null) {
                if (take) {
                    admit(putter);
                }
                return putter.value();
            }
            node = getters.enqueue(take ? WaitNode::taker : WaitNode::observer, deadline);
            if (node == null) {
                throw new Empty();
            }
        }
        if (!getters.await(node, deadline, take ? this::giveBack : null)) {
            throw new Empty();
        }
        return node.value();
    }

    private void admit(WaitNode<T> putter) {
        putters.grant(putter);
        accepted();
    }

    /** Under the lock: a getter was handed an item but its wait failed; the item goes to the next one. */
    private void giveBack(WaitNode<T> getter) {
        T item = getter.value();
        if (getters.handOff(item) == null) {
            store.putBack(item);
        }
    }

    // ---- peek --------------------------------------------------------------------------------

    /**
     * Returns the next item without removing it, waiting while the queue is empty (gevent's {@code peek()}).
     *
     * @return the item
     */
    public T peek() {
        return next(Deadlines.NONE, false);
    }

    /**
     * Returns the next item without removing it, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return the item
     * @throws Empty if no item arrived in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T peek(Duration timeout) {
        return next(Deadlines.after(timeout, "timeout"), false);
    }

    /**
     * Returns the next item without removing it.
     *
     * @return the item
     * @throws Empty if there is none
     */
    public T peekNowait() {
        return next(Deadlines.NOWAIT, false);
    }

    /** Under the lock: an item entered the queue's keeping (stored, or handed to a getter). */
    void accepted() {}

    // ---- state -------------------------------------------------------------------------------

    /**
     * The number of items in the queue (gevent's {@code qsize()}); a {@link Channel} holds none.
     *
     * @return the number of items
     */
    public int size() {
        synchronized (lock) {
            return store.size();
        }
    }

    /**
     * Whether the queue holds no item now.
     *
     * @return whether it is empty
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Whether a put would wait now; a {@link Channel} is always full.
     *
     * @return whether it is full
     */
    public boolean isFull() {
        return size() >= maxsize;
    }

    /**
     * The most items the queue holds.
     *
     * @return the limit; {@link Integer#MAX_VALUE} when unbounded, 0 for a {@link Channel}
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * How many getters and peekers are waiting now.
     *
     * @return the number of waiting getters
     */
    public int waitingGetters() {
        synchronized (lock) {
            return getters.size();
        }
    }

    /**
     * How many putters are waiting now.
     *
     * @return the number of waiting putters
     */
    public int waitingPutters() {
        synchronized (lock) {
            return putters.size();
        }
    }

    // ---- iteration ---------------------------------------------------------------------------

    /** An endless iterator: {@code hasNext()} is always true and {@code next()} is {@link #get()}. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public T next() {
                return get();
            }
        };
    }

    /**
     * The items got one by one until one equal to {@code sentinel} arrives (consumed, not yielded):
     * gevent's convention of ending a queue's iteration by putting {@code StopIteration}.
     *
     * @param sentinel the item that ends the iteration
     * @return the items before it; iterate once, on one thread
     * @throws NullPointerException if {@code sentinel} is null
     */
    public Iterable<T> until(T sentinel) {
        Objects.requireNonNull(sentinel, "sentinel");
        return () -> new Iterator<>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    T item = get();
                    if (sentinel.equals(item)) {
                        ended = true;
                    } else {
                        next = item;
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    @Override
    public String toString() {
        String limit = maxsize == UNBOUNDED ? "unbounded" : "maxsize=" + maxsize;
        synchronized (lock) {
            return getClass().getSimpleName() + "[size=" + store.size() + ", " + limit + ", getters=" + getters.size()
                    + ", putters=" + putters.size() + "]";
        }
    }
}
