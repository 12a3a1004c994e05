package io.gevent4j;

/**
 * Hub-aware stand-ins for blocking JDK calls, for the patch agent's redirected methods. Application
 * code should use {@link Gevent} instead.
 *
 * <p>A patched call cooperates only where {@link #applies()}: in a greenlet, or on a platform thread
 * that already has a hub. Everywhere else it must run the JDK's original code unchanged.
 */
public final class Cooperative {
    private Cooperative() {}

    /** Whether the calling thread is a greenlet, or a platform thread whose hub already exists. */
    public static boolean applies() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? Greenlet.ofThread(t) != null : Hub.existing() != null;
    }

    /** Whether the calling thread is a greenlet. */
    public static boolean inGreenlet() {
        Thread t = Thread.currentThread();
        return t.isVirtual() && Greenlet.ofThread(t) != null;
    }

    /**
     * {@link Thread#sleep(long)} on the hub: the caller's hub runs meanwhile (other greenlets, or,
     * on the hub's own thread, the whole loop). Same contract as the JDK's: throws
     * {@link InterruptedException} and clears the interrupt status if interrupted before or during
     * the sleep. A kill or timeout of the calling greenlet surfaces here as usual.
     */
    public static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (Thread.interrupted()) {
            throw Strand.interrupted();
        }
        Strand s = Strand.current();
        if (nanos == 0) {
            s.yieldNow();
            return;
        }
        long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        s.park(new Waiter(s), deadline, true);
    }

    /**
     * Waits until {@code object} is ready, at most {@code nanos} nanoseconds (negative: no limit),
     * the hub-aware way: a greenlet parks, a hub's own thread runs its hub. Returns whether it is
     * ready. The contract of the JDK's timed waits ({@code Thread.join}): if the caller is interrupted
     * before or during the wait (and the object is not ready yet), throws {@link InterruptedException}
     * and clears the status. A kill or timeout of the calling greenlet surfaces here as usual.
     */
    public static boolean awaitNanos(Waitable object, long nanos) throws InterruptedException {
        if (object.isReady()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw Strand.interrupted();
        }
        Strand s = Strand.current();
        Waiter waiter = new Waiter(s);
        object.rawlink(waiter);
        try {
            long deadline = nanos < 0 ? Strand.NO_DEADLINE : System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
            s.park(waiter, deadline, true);
            return object.isReady();
        } finally {
            object.unlink(waiter);
        }
    }
}
