package io.gevent4j;

/**
 * Raised inside a greenlet at its next blocking point when it is {@linkplain Greenlet#kill() killed}.
 *
 * <p>As in gevent, a greenlet that ends with this exception is not a failure: it counts as successful
 * and the {@code GreenletExit} becomes its value. Catch it only to clean up, and let it propagate.
 */
public class GreenletExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception a kill raises. */
    public GreenletExit() {
        super("greenlet killed");
    }

    /**
     * A {@code GreenletExit} with a message of the caller's.
     *
     * @param message the detail message
     */
    public GreenletExit(String message) {
        super(message);
    }
}
