package io.gevent4j;

/**
 * Something that becomes ready and can tell those waiting for it: a {@link Greenlet}, an
 * {@code Event}, an {@code AsyncResult}. {@link Gevent#wait} and {@link Gevent#iwait} wait on any mix
 * of them.
 *
 * <p>This is gevent's low-level {@code rawlink} protocol. A callback runs exactly once, the next time the
 * object becomes ready, on whichever
 * thread makes the object ready (a greenlet of some hub, or any other thread), or at once on the
 * registering thread when the object is already ready. It must be short and must not block.
 *
 * <p>Memory consistency effects: actions of the thread that makes the object ready, before it does,
 * happen-before the callbacks run and before another thread sees {@link #isReady()} true.
 */
public interface Waitable {
    /**
     * Whether the object is ready now (a dead greenlet, a set event, a result that has arrived).
     *
     * @return whether it is ready
     */
    boolean isReady();

    /**
     * Registers {@code callback} to run once when this becomes ready (at once when already ready).
     *
     * @param callback what to run; short, never blocking
     * @throws NullPointerException if {@code callback} is null
     */
    void rawlink(Runnable callback);

    /**
     * Removes a callback registered with {@link #rawlink}.
     *
     * @param callback the callback as registered
     * @return whether it was still registered
     */
    boolean unlink(Runnable callback);
}
