package io.gevent4j.internal.wait;

import io.gevent4j.Waitable;
import io.gevent4j.Waiter;
import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ready flag of an object that becomes ready (an event, an async result) and its
 * {@link Waitable#rawlink rawlink} callbacks: the whole {@link Waitable} protocol, for the object to
 * delegate to.
 *
 * <p>Callbacks registered while not ready run once, in registration order, on the thread that makes
 * the object ready, after the lock is released; one registered while ready runs at once on the
 * registering thread. A callback that throws is reported and the others still run.
 */
public final class Readiness {
    private final Object lock = new Object();
    private final Object owner;
    /** Written under {@link #lock}; reading true makes whatever the making-ready update wrote visible. */
    private volatile boolean ready;
    /** Guarded by {@link #lock}; null when empty. */
    private List<Runnable> callbacks;

    /**
     * The readiness of {@code owner}, not ready.
     *
     * @param owner the object that becomes ready, named in failure reports
     */
    public Readiness(Object owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Whether the object is ready now.
     *
     * @return whether it is
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * Makes the object ready unless it is: runs {@code update} under the lock first (to record a value),
     * then wakes every waiter and runs the callbacks.
     *
     * @param update what records the value, run under the lock
     * @return true, or false, having run nothing, if it was ready already
     */
    public boolean makeReady(Runnable update) {
        List<Runnable> taken;
        synchronized (lock) {
            if (ready) {
                return false;
            }
            update.run();
            ready = true;
            taken = callbacks;
            callbacks = null;
        }
        if (taken != null) {
            for (Runnable callback : taken) {
                run(callback);
            }
        }
        return true;
    }

    /** Makes the object not ready again (an event's {@code clear}). */
    public void reset() {
        synchronized (lock) {
            ready = false;
        }
    }

    /**
     * {@link Waitable#rawlink}.
     *
     * @param callback what to run once ready
     */
    public void rawlink(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (lock) {
            if (!ready) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(callback);
                return;
            }
        }
        run(callback);
    }

    /**
     * {@link Waitable#unlink}.
     *
     * @param callback the callback as registered
     * @return whether it was still registered
     */
    public boolean unlink(Runnable callback) {
        synchronized (lock) {
            return callbacks != null && callbacks.remove(callback);
        }
    }

    /**
     * Waits on the calling thread until ready or until {@code deadline} passes (not at all when it has
     * passed); returns whether it is ready, or a making-ready woke this wait. Works for a greenlet, a
     * hub's thread and any other thread.
     *
     * @param deadline a {@link Deadlines} deadline
     * @return whether it is ready
     */
    public boolean awaitUntil(long deadline) {
        if (ready) {
            return true;
        }
        if (Deadlines.passed(deadline)) {
            return false;
        }
        Waiter waiter = new Waiter();
        rawlink(waiter);
        try {
            return waiter.awaitUntil(deadline) || ready;
        } finally {
            unlink(waiter);
        }
    }

    private void run(Runnable callback) {
        Report.runCallback(callback, owner);
    }
}
