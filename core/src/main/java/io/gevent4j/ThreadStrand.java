package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Rethrow;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A virtual thread that is not a greenlet (one on the JDK's scheduler, or one started inside a
 * greenlet without the thread patch): it waits by parking itself, which already frees its carrier.
 */
final class ThreadStrand extends Strand {
    /** {@link Timeout}s of such threads fire here; they have no hub timer heap. */
    private static final class Timers {
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gevent4j-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    private static final ThreadLocal<ThreadStrand> STRANDS = new ThreadLocal<>();

    private final Thread thread;

    private ThreadStrand(Thread thread) {
        this.thread = thread;
    }

    static ThreadStrand of(Thread t) {
        ThreadStrand s = STRANDS.get();
        if (s == null) {
            s = new ThreadStrand(t);
            STRANDS.set(s);
        }
        return s;
    }

    @Override
    boolean park(Waiter waiter, long deadline, boolean interruptible) {
        throwIfPending();
        boolean interrupted = false;
        try {
            while (!waiter.isWoken()) {
                if (deadline == Deadlines.NONE) {
                    LockSupport.park(waiter);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(waiter, left);
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw Rethrow.unchecked(interrupted());
                    }
                    interrupted = true;
                }
                throwIfPending();
            }
            return true;
        } finally {
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    @Override
    void unpark() {
        LockSupport.unpark(thread);
    }

    @Override
    void yieldNow() {
        throwIfPending();
        Thread.yield();
        throwIfPending();
    }

    @Override
    Cancellable schedule(long deadline, Runnable action) {
        var future = Timers.EXECUTOR.schedule(action, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
