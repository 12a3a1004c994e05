package io.gevent4j.queue;

/** Thrown by a get that finds no item: {@code getNowait} on an empty queue, or a timed get that timed out. */
public class Empty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception with its standard message. */
    public Empty() {
        super("queue is empty");
    }

    /**
     * The exception with a message of the caller's.
     *
     * @param message the detail message
     */
    public Empty(String message) {
        super(message);
    }
}
