package io.gevent4j;

/** A greenlet body with no result that may throw anything; its failure is kept on the greenlet. */
@FunctionalInterface
public interface ThrowingRunnable {
    /**
     * Runs the body.
     *
     * @throws Exception anything; a greenlet keeps it as its failure
     */
    void run() throws Exception;
}
