package io.gevent4j.internal;

/** Waiting for a helper thread that gevent4j started, where an interrupt must not end the wait. */
public final class Threads {
    private Threads() {}

    /**
     * Waits until {@code thread} has ended, whatever interrupts come meanwhile; the calling thread's
     * interrupt status is set again afterwards if one came.
     *
     * @param thread the thread to wait for
     */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
