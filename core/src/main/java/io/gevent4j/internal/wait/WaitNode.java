package io.gevent4j.internal.wait;

import io.gevent4j.Waiter;

/**
 * One party waiting in a {@link WaitList}: a getter, a putter, an acquirer, or an observer that only
 * wants to know when something is available ({@code peek}, {@code waitAvailable}).
 *
 * <p>Created by the waiting thread, which alone awaits it (through {@link WaitList#await}). Its state
 * is guarded by the lock of the list it waits in; the waiting thread may read {@link #value()} without
 * the lock once the wait returned true, since the grant happens before the wake-up.
 *
 * @param <V> what is handed over: an item, a permit, ownership
 */
public final class WaitNode<V> {
    private final boolean consumes;
    private final Thread thread = Thread.currentThread();
    final Waiter waiter = new Waiter();
    private V value;
    private boolean granted;
    // Intrusive links, guarded by the list's lock.
    WaitNode<V> prev;
    WaitNode<V> next;
    boolean linked;

    private WaitNode(boolean consumes, V value) {
        this.consumes = consumes;
        this.value = value;
    }

    /**
     * A node that takes what it is handed (a getter, an acquirer), for the calling thread.
     *
     * @param <V> what is handed over
     * @return the node
     */
    public static <V> WaitNode<V> taker() {
        return new WaitNode<>(true, null);
    }

    /**
     * A node that offers {@code value} and waits until it is taken (a putter), for the calling thread.
     *
     * @param <V> what is handed over
     * @param value what it offers
     * @return the node
     */
    public static <V> WaitNode<V> offering(V value) {
        return new WaitNode<>(true, value);
    }

    /**
     * A node that only watches: it is shown what arrives but takes nothing, for the calling thread.
     *
     * @param <V> what is handed over
     * @return the node
     */
    public static <V> WaitNode<V> observer() {
        return new WaitNode<>(false, null);
    }

    /**
     * Whether this node takes what it is handed (else it only observes).
     *
     * @return whether it consumes
     */
    public boolean consumes() {
        return consumes;
    }

    /**
     * The thread waiting on this node.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * What was handed to this node, or what it offers.
     *
     * @return the value
     */
    public V value() {
        return value;
    }

    /**
     * Whether this node was granted what it waits for. Read under the list's lock, or after the wait
     * returned.
     *
     * @return whether it was granted
     */
    public boolean isGranted() {
        return granted;
    }

    void grant(V v) {
        value = v;
        granted = true;
        waiter.wake();
    }
}
