package io.gevent4j.lock;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired (gevent's
 * {@code BoundedSemaphore}): a release that would raise the free permits above the initial number
 * throws {@link IllegalStateException} and changes nothing. This catches a release without an acquire.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * A semaphore with {@code permits} permits, never more.
     *
     * @param permits the permits, all free
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(permits);
        this.bound = permits;
    }

    @Override
    void checkRelease(int freePermits) {
        if (freePermits >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times (bound " + bound + ")");
        }
    }
}
