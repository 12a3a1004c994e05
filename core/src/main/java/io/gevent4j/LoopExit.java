package io.gevent4j;

/**
 * Raised on a hub's own thread when it waits for something that can never happen: nothing is ready
 * to run, no timer is pending, every greenlet of the hub waits on a gevent4j object that only this
 * hub could wake, and no other thread is alive that could wake it (see {@link Hub#keepAlive()}).
 *
 * <p>gevent raises the same error ("This operation would block forever") instead of hanging.
 */
public class LoopExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A {@code LoopExit} that says what the hub would have waited for.
     *
     * @param message the detail message
     */
    public LoopExit(String message) {
        super(message);
    }
}
