package io.gevent4j.queue;

/** Thrown by a put that finds no room: {@code putNowait} on a full queue, or a timed put that timed out. */
public class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception with its standard message. */
    public Full() {
        super("queue is full");
    }

    /**
     * The exception with a message of the caller's.
     *
     * @param message the detail message
     */
    public Full(String message) {
        super(message);
    }
}
