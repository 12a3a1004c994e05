package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A line of execution that can wait cooperatively: a {@link Greenlet}, a hub's own platform thread
 * ({@link Hub.Root}), or any other thread ({@link ThreadStrand}). Every hub-aware wait in gevent4j
 * goes through {@link #park}; every asynchronous exception (a kill, an expired {@link Timeout}) goes
 * through {@link #raise} and surfaces at the strand's next blocking point.
 */
abstract class Strand {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Strand.class, "pendingThrow", RuntimeException.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The exception to raise at the next blocking point, or null. Set once by {@link #raise}, taken once. */
    private volatile RuntimeException pendingThrow;

    /** The strand of the calling thread; on a platform thread this creates the thread's hub if needed. */
    static Strand current() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            Greenlet<?> g = Greenlet.ofThread(t);
            return g != null ? g : ThreadStrand.of(t);
        }
        return Hub.ofPlatformThread(t).root();
    }

    /**
     * Waits, on the calling thread, which must be this strand's, until {@code waiter} is woken, the
     * deadline ({@link System#nanoTime()} based, or {@link Deadlines#NONE}) passes, or an exception is
     * raised in this strand. Returns whether it was woken; a raised exception wins over a wake-up (the
     * caller decides, with {@link Waiter#raiseAtNextWait}, when what it waited for cannot be undone).
     *
     * <p>An interrupt does not end the wait: the thread's interrupt status is kept and restored on
     * return, unless {@code interruptible}, when the wait throws {@link InterruptedException}
     * (unchecked here, as the JDK methods the patch agent redirects declare it).
     */
    abstract boolean park(Waiter waiter, long deadline, boolean interruptible);

    /** Wakes this strand if it is parked in {@link #park}; callable from any thread. */
    abstract void unpark();

    /** Lets every other ready greenlet of this strand's hub run once, then returns ({@code sleep(0)}). */
    abstract void yieldNow();

    /** Runs {@code action} on this strand's hub at {@code deadline}; returns a handle to cancel it. */
    abstract Cancellable schedule(long deadline, Runnable action);

    /** A scheduled action that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /**
     * Arranges for {@code e} to be thrown at this strand's next blocking point and wakes it. A strand
     * holds one pending exception at a time: returns false when another is already pending.
     */
    boolean raise(RuntimeException e) {
        if (PENDING.compareAndSet(this, (RuntimeException) null, e)) {
            unpark();
            return true;
        }
        return false;
    }

    /** Like {@link #raise}, but replaces whatever is pending: a kill wins over an expiring timeout. */
    void raiseOverriding(RuntimeException e) {
        PENDING.setVolatile(this, e);
        unpark();
    }

    /**
     * Puts back {@code e}, which a wait of this strand raised although what it waited for had happened
     * all the same, so that it is raised at the next blocking point instead. Called by the strand itself
     * (it is running, so nothing to wake). A kill pending meanwhile is kept; a kill put back wins over a
     * pending timeout, as in {@link #raiseOverriding}.
     */
    void raiseAtNextWait(RuntimeException e) {
        while (true) {
            RuntimeException pending = (RuntimeException) PENDING.getVolatile(this);
            if (pending != null && (pending instanceof GreenletExit || !(e instanceof GreenletExit))) {
                return;
            }
            if (PENDING.compareAndSet(this, pending, e)) {
                return;
            }
        }
    }

    /** Withdraws {@code e} if it is still pending (a {@link Timeout} that was cancelled in time). */
    void withdraw(RuntimeException e) {
        PENDING.compareAndSet(this, e, (RuntimeException) null);
    }

    /** Throws the pending exception, if any, consuming it. */
    void throwIfPending() {
        if (pendingThrow == null) {
            return; // the common case, without an atomic exchange
        }
        RuntimeException e = (RuntimeException) PENDING.getAndSet(this, (RuntimeException) null);
        if (e != null) {
            throw e;
        }
    }

    boolean hasPending() {
        return PENDING.getVolatile(this) != null;
    }

    static InterruptedException interrupted() {
        return new InterruptedException("interrupted while waiting cooperatively");
    }
}
