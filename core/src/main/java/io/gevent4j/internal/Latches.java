package io.gevent4j.internal;

import java.util.concurrent.CountDownLatch;

/** Start-up hand-offs between platform threads that must not be cut short by an interrupt. */
public final class Latches {
    private Latches() {}

    /**
     * Waits for {@code latch} to open; an interrupt meanwhile is kept as the thread's status, not thrown.
     *
     * @param latch the latch to wait for
     */
    public static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
