package io.gevent4j.internal.wait;

import io.gevent4j.internal.Deadlines;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The FIFO of parties waiting on one gevent4j object, with direct hand-off: whoever makes something
 * available picks the waiter, grants it under the object's lock and wakes it, so waiters are served in
 * arrival order and nothing can be taken in between by a newcomer.
 *
 * <p>All methods except {@link #await} must be called holding {@code lock}, the object's own monitor.
 * Waking a node under the lock is safe: a wake-up never blocks.
 *
 * @param <V> what is handed over
 */
public final class WaitList<V> {
    private final Object lock;
    private WaitNode<V> head;
    private WaitNode<V> tail;
    private int size;

    /**
     * A list guarded by {@code lock} (shared by every list of one object).
     *
     * @param lock the object's lock
     */
    public WaitList(Object lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Whether a call with {@code deadline} must give up rather than wait: {@link Deadlines#NOWAIT}, or already passed. */
    private static boolean mustNotWait(long deadline) {
        return deadline == Deadlines.NOWAIT || Deadlines.passed(deadline);
    }

    /**
     * Whether no one waits.
     *
     * @return whether the list is empty
     */
    public boolean isEmpty() {
        assert Thread.holdsLock(lock);
        return head == null;
    }

    /**
     * How many wait.
     *
     * @return the number of nodes
     */
    public int size() {
        assert Thread.holdsLock(lock);
        return size;
    }

    /**
     * The longest-waiting node.
     *
     * @return the first node, or null
     */
    public WaitNode<V> first() {
        assert Thread.holdsLock(lock);
        return head;
    }

    /**
     * Appends a new node for the calling thread, made by {@code node} (one of {@link WaitNode}'s
     * factories), unless {@code deadline} says not to wait ({@link Deadlines#NOWAIT}, or passed already).
     * Returns it, to {@link #await} once the lock is released, or null. A call that does not wait makes
     * no node (so it touches no hub).
     *
     * @param node makes the node
     * @param deadline a {@link Deadlines} deadline
     * @return the node, or null when the call must not wait
     */
    public WaitNode<V> enqueue(Supplier<WaitNode<V>> node, long deadline) {
        if (mustNotWait(deadline)) {
            return null;
        }
        WaitNode<V> n = node.get();
        add(n);
        return n;
    }

    private void add(WaitNode<V> node) {
        assert Thread.holdsLock(lock);
        if (node.linked) {
            throw new IllegalStateException("node already waiting");
        }
        node.linked = true;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    private void remove(WaitNode<V> node) {
        if (!node.linked) {
            return;
        }
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.linked = false;
        size--;
    }

    /**
     * Removes {@code node}, hands it {@code value} and wakes it.
     *
     * @param node a node of this list
     * @param value what it gets
     */
    public void grant(WaitNode<V> node, V value) {
        assert Thread.holdsLock(lock);
        remove(node);
        node.grant(value);
    }

    /**
     * Removes {@code node}, tells it that what it offered was taken, and wakes it.
     *
     * @param node a node of this list that offers something
     */
    public void grant(WaitNode<V> node) {
        grant(node, node.value());
    }

    /**
     * Offers {@code value} to the waiters in arrival order: observers ahead of the first taker are shown
     * it and woken; the first taker gets it. Returns that taker, or null when there was none (then every
     * observer was woken and the caller keeps {@code value}).
     *
     * @param value what is offered
     * @return the taker, or null
     */
    public WaitNode<V> handOff(V value) {
        assert Thread.holdsLock(lock);
        WaitNode<V> n;
        while ((n = head) != null) {
            grant(n, value);
            if (n.consumes()) {
                return n;
            }
        }
        return null;
    }

    /**
     * Waits, on the node's own thread and without holding the lock, until the node is granted or
     * {@code deadline} (a {@link System#nanoTime()} value, or {@link Deadlines#NONE}) passes.
     * Returns whether it was granted; on a timeout the node is withdrawn, unless it was granted meanwhile
     * (then it counts as granted, so nothing handed to it is lost).
     *
     * <p>Exactly-once when the wait ends by an exception (the greenlet was killed, a {@code Timeout}
     * expired, the hub raised {@code LoopExit}): a node not yet granted is withdrawn and the exception
     * propagates, so the operation did not happen. A node granted already is undone when it can be:
     * {@code abandoned} is called with it under the lock, to pass on or give back what it was handed,
     * and the exception propagates; an observer has nothing to undo. When it cannot be ({@code abandoned}
     * is null for a node that offered something: a putter's item was taken or admitted), the operation
     * happened: the wait returns true and the exception is put back, to be raised at the caller's next
     * blocking point. An {@link Error} always propagates.
     *
     * @param node the caller's node, from {@link #enqueue}
     * @param deadline a {@link Deadlines} deadline
     * @param abandoned undoes a grant when the wait failed, under the lock; null when it cannot be undone
     * @return whether the node was granted
     */
    public boolean await(WaitNode<V> node, long deadline, Consumer<? super WaitNode<V>> abandoned) {
        boolean woken;
        try {
            woken = node.waiter.awaitUntil(deadline);
        } catch (Throwable t) {
            boolean happened;
            synchronized (lock) {
                happened = node.isGranted() && node.consumes() && abandoned == null;
                if (!node.isGranted()) {
                    remove(node);
                } else if (abandoned != null) {
                    abandoned.accept(node);
                }
            }
            if (happened && t instanceof RuntimeException e) {
                node.waiter.raiseAtNextWait(e);
                return true;
            }
            throw t;
        }
        if (woken) {
            return true; // only a grant wakes a node
        }
        synchronized (lock) {
            if (node.isGranted()) {
                return true;
            }
            remove(node);
            return false;
        }
    }
}
