package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import java.io.FileDescriptor;
import java.util.function.BooleanSupplier;

/**
 * Hub-aware stand-ins for blocking JDK calls, for the patch agent's redirected methods. <strong>Not
 * API</strong>: runtime machinery, public because the agent lives in another package; application code
 * uses {@link Gevent} instead.
 *
 * <p>A patched call cooperates only where {@link #applies()}: in a greenlet, or on a platform thread
 * that already has a hub. Everywhere else it must run the JDK's original code unchanged.
 */
public final class Cooperative {
    private Cooperative() {}

    /**
     * Whether a patched call made by the calling thread cooperates.
     *
     * @return whether the calling thread is a greenlet, or a platform thread whose hub already exists
     */
    public static boolean applies() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? Greenlet.ofThread(t) != null : Hub.existing() != null;
    }

    /**
     * Whether the calling thread is a greenlet.
     *
     * @return whether it is
     */
    public static boolean inGreenlet() {
        return Gevent.getCurrent() != null;
    }

    /**
     * {@link Thread#sleep(long)} on the hub: the caller's hub runs meanwhile (other greenlets, or,
     * on the hub's own thread, the whole loop). Same contract as the JDK's: throws
     * {@link InterruptedException} and clears the interrupt status if interrupted before or during
     * the sleep. A kill or timeout of the calling greenlet surfaces here as usual.
     *
     * @param nanos how long to sleep; 0 lets the other ready greenlets run once
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws InterruptedException if the calling thread was interrupted before or during the sleep
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
        long deadline = Deadlines.afterNanos(nanos);
        s.park(new Waiter(s), deadline, true);
    }

    /**
     * Waits until {@code object} is ready, at most {@code nanos} nanoseconds (negative: no limit),
     * the hub-aware way: a greenlet parks, a hub's own thread runs its hub. Returns whether it is
     * ready. The contract of the JDK's timed waits ({@code Thread.join}): if the caller is interrupted
     * before or during the wait (and the object is not ready yet), throws {@link InterruptedException}
     * and clears the status. A kill or timeout of the calling greenlet surfaces here as usual.
     *
     * @param object what to wait for
     * @param nanos the longest wait in nanoseconds; negative for no limit
     * @return whether {@code object} is ready
     * @throws InterruptedException if the calling thread was interrupted before or during the wait
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
            long deadline = nanos < 0 ? Deadlines.NONE : Deadlines.afterNanos(nanos);
            s.park(waiter, deadline, true);
            return object.isReady();
        } finally {
            object.unlink(waiter);
        }
    }

    /**
     * {@code sun.nio.ch.Poller.poll} for a greenlet: waits for socket descriptor {@code fd} to be ready
     * for {@code event} (the JDK's {@code Net.POLLIN} or {@code POLLOUT}) on the greenlet's own hub's
     * epoll set, at most {@code nanos} (0: no limit), unless {@code isOpen} says the socket is closed
     * once the wait is registered. Returns false, having done nothing, when the caller is not a greenlet
     * or its hub cannot take the wait: the JDK's poller must then do it. An interrupt ends the wait and
     * stays set; a kill or timeout of the greenlet surfaces here as usual.
     *
     * @param fd the socket's descriptor number
     * @param event the JDK's {@code Net.POLLIN} or {@code Net.POLLOUT}
     * @param nanos the longest wait in nanoseconds; 0 for no limit
     * @param isOpen whether the socket is still open, asked once the wait is registered
     * @return true when the wait was done here, false when the JDK's poller must do it
     */
    public static boolean awaitSocket(int fd, int event, long nanos, BooleanSupplier isOpen) {
        Greenlet<?> g = Gevent.getCurrent();
        if (g == null) {
            return false;
        }
        HubPoller poller = g.hub().poller();
        return poller != null && poller.await(g, fd, event, nanos, isOpen);
    }

    /**
     * {@code sun.nio.ch.Poller.stopPoll}: a socket is being closed or shut down, so a greenlet waiting on
     * descriptor {@code fd} for {@code event}, on any hub, must wake up and see it. Any thread.
     *
     * @param fd the socket's descriptor number
     * @param event the JDK's {@code Net.POLLIN} or {@code Net.POLLOUT}
     */
    public static void stopSocketWait(int fd, int event) {
        HubPoller.onHubsHolding(fd, poller -> poller.stop(fd, event));
    }

    /**
     * A socket's descriptor is about to be closed ({@code sun.nio.ch.UnixDispatcher.close}): every hub
     * forgets its registration, so a socket that gets the same number later is registered afresh. Any
     * thread.
     *
     * @param fd the descriptor being closed
     */
    public static void socketClosing(FileDescriptor fd) {
        if (JdkEpoll.available()) {
            int value = JdkEpoll.fdValue(fd);
            HubPoller.onHubsHolding(value, poller -> poller.closed(value));
        }
    }

    /**
     * Before a greenlet's {@code Socket} read of {@code fd} ({@code NioSocketImpl.tryRead}): whether its
     * hub knows the socket is drained until its next edge, so the read can be answered
     * {@code IOStatus.UNAVAILABLE} (and the greenlet wait) without a system call. False anywhere but in
     * a greenlet whose hub polls that socket.
     *
     * @param fd the socket's descriptor
     * @return whether the read may be answered "nothing available" without reading
     */
    public static boolean skipSocketRead(FileDescriptor fd) {
        HubPoller poller = callersPoller();
        return poller != null && poller.skipRead(JdkEpoll.fdValue(fd));
    }

    /**
     * After a {@code Socket} read by a greenlet: tells its hub whether the socket is now drained.
     *
     * @param fd the socket's descriptor
     * @param len how many bytes the read asked for
     * @param n what the read returned (the JDK's {@code IOStatus.UNAVAILABLE}, -2, for nothing)
     */
    public static void socketReadDone(FileDescriptor fd, int len, int n) {
        HubPoller poller = callersPoller();
        if (poller != null) {
            poller.readDone(JdkEpoll.fdValue(fd), len, n);
        }
    }

    /** The poller of the calling greenlet's hub, or null (not a greenlet, or no poller yet). */
    private static HubPoller callersPoller() {
        Greenlet<?> g = Gevent.getCurrent();
        return g == null ? null : g.hub().existingPoller();
    }
}
