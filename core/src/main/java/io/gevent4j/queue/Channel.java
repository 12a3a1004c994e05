package io.gevent4j.queue;

/**
 * A queue that holds nothing (gevent's {@code Channel}): {@code put} waits until a getter takes the
 * item, and {@code get} waits until a putter offers one. {@code putNowait} succeeds only when a getter
 * is already waiting, {@code getNowait} only when a putter is. Waiting getters and putters are each
 * served in arrival order.
 *
 * <pre>{@code
 * Channel<String> ch = new Channel<>();
 * Gevent.spawn(() -> ch.put("ping"));   // waits here until the get below
 * System.out.println(ch.get());         // ping
 * }</pre>
 *
 * <p>{@link #size()} is 0, {@link #isFull()} is always true. {@link #peek()} shows the item of the
 * longest-waiting putter. (If a getter is killed after an item was handed to it and no other getter
 * waits, the item is kept for the next get, and {@code size()} is briefly 1.)
 *
 * @param <T> the item type
 */
public final class Channel<T> extends Queue<T> {
    /** A channel with no getter or putter waiting. */
    public Channel() {
        super(0, Store.fifo());
    }
}
