package io.gevent4j.monkey.programs.excluded;

/** Starts threads from a package of its own, for {@code thread.exclude=<that package>.}. */
public final class Starter {
    private Starter() {}

    /**
     * Starts {@code task} in a new thread.
     *
     * @param task what it runs
     * @return the started thread
     */
    public static Thread start(Runnable task) {
        Thread t = new Thread(task);
        t.start();
        return t;
    }
}
