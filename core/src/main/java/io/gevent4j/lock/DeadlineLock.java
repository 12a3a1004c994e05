package io.gevent4j.lock;

import io.gevent4j.internal.Deadlines;
import java.time.Duration;

/** The three ways to acquire, as one deadline-based wait. */
abstract class DeadlineLock implements Acquirable {
    DeadlineLock() {}

    @Override
    public final void acquire() {
        acquireUntil(Deadlines.NONE);
    }

    @Override
    public final boolean acquire(Duration timeout) {
        return acquireUntil(Deadlines.after(timeout, "timeout"));
    }

    @Override
    public final boolean tryAcquire() {
        return acquireUntil(Deadlines.NOWAIT);
    }

    /** Acquires, waiting until {@code deadline} (or not at all for {@link Deadlines#NOWAIT}); returns whether it did. */
    abstract boolean acquireUntil(long deadline);
}
