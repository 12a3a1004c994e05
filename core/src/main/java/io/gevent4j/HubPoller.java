package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Rethrow;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A hub's own {@code epoll} set: where its greenlets wait for their sockets once the patch agent's
 * socket patch routes the JDK's socket waits ({@code sun.nio.ch.Poller.poll}) here (libev's role in
 * gevent). The hub's thread itself waits in {@code epoll_wait} when it has nothing to run, and checks
 * for ready sockets between batches when it has; a ready socket's greenlet is then queued on the thread
 * that found it, with no other thread involved. Without it, every socket wake-up comes from a JDK
 * poller thread: a cross-thread hand-off per message.
 *
 * <p>A descriptor joins the set once, edge-triggered, for reading and writing, when a greenlet first
 * waits on it, and stays until it is closed (the kernel then drops it; {@link #closed} tells this
 * poller), so a wait costs no {@code epoll_ctl}. The JDK waits only after an attempt that found
 * nothing to do; an edge that arrives while nobody waits is remembered ({@link Watch#pending}) and ends
 * the next wait at once, so the caller tries again rather than missing it (at worst one extra attempt).
 * Other threads wake the hub through an {@code eventfd} in the same set ({@link #wakeUp}).
 *
 * <p>Thread-safety: {@link #wakeUp} is for any thread; everything else runs on the hub's thread (its
 * greenlets included). The descriptors, events array and eventfd are released when the hub is
 * garbage-collected.
 */
final class HubPoller {
    /** The JDK's {@code IOStatus.UNAVAILABLE}: a non-blocking call found nothing to do. */
    static final int UNAVAILABLE = -2;
    /** Most events taken from one {@code epoll_wait}; more stay queued in the kernel for the next. */
    private static final int MAX_EVENTS = 1024;

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "gevent4j-poller-cleaner");
        t.setDaemon(true);
        return t;
    });

    /** Every poller whose hub is alive, for notices from other threads (closes, shutdowns). */
    private static final Set<HubPoller> ALL = ConcurrentHashMap.newKeySet();

    /** Weak, so that {@link #ALL} does not keep a dead thread's hub (and so this poller) alive. */
    private final WeakReference<Hub> hub;

    private final int epfd;
    private final long events;
    private final Object eventFd;
    private final int eventFdValue;

    // Confined to the hub's thread.
    /** Indexed by descriptor; an entry outlives its waits (descriptors are reused, so entries are too). */
    private Watch[] watches = new Watch[256];
    /** Greenlets parked in {@link #await} now. Invariant: the number of non-null waiter slots in {@link #watches}, at most. */
    private int waiting;
    /**
     * Bit {@code fd} is set while {@code fd} is registered here: lets other threads skip hubs a close
     * or shutdown does not concern. Written by the hub's thread (replaced when it grows), read by any.
     */
    private volatile AtomicLongArray registeredBits = new AtomicLongArray(4);
    /** Greenlets woken by a descriptor's edge, ever (for {@link HubStats}). */
    private long wakeups;

    /** Who waits on one descriptor, and what its edges said while nobody did. */
    private static final class Watch {
        Waiter reader;
        Waiter writer;
        /** Whether the file now behind this descriptor number is in the epoll set, as far as this hub knows. */
        boolean registered;
        /**
         * {@code IN} / {@code OUT} edges since the caller last found the socket drained (a wait that
         * consumed the bit, or a short read reported to {@link #readDone}). A set bit ends the next wait at
         * once; a clear {@code IN} bit lets {@link #skipRead} answer without a system call.
         */
        int pending;
        /** An error, hang-up or peer shutdown was seen: no more edges may come, so reads are never skipped. Sticky. */
        boolean hungUp;
    }

    private HubPoller(Hub hub) {
        this.hub = new WeakReference<>(hub);
        epfd = JdkEpoll.create();
        long array = 0;
        Object efd = null;
        try {
            array = JdkEpoll.allocateEvents(MAX_EVENTS);
            efd = JdkEpoll.newEventFd();
            int value = JdkEpoll.eventFdValue(efd);
            int err = JdkEpoll.ctl(epfd, JdkEpoll.CTL_ADD, value, JdkEpoll.IN);
            if (err != 0) {
                throw new IOException("epoll_ctl(ADD eventfd) failed: errno " + err);
            }
            eventFdValue = value;
        } catch (Throwable e) {
            new Release(null, epfd, efd, array).run();
            throw Rethrow.unchecked(e);
        }
        events = array;
        eventFd = efd;
        ALL.add(this);
        CLEANER.register(hub, new Release(this, epfd, eventFd, events));
    }

    /** A poller for {@code hub}, or null when the JDK's epoll bindings are not open to gevent4j. */
    static HubPoller open(Hub hub) {
        return JdkEpoll.available() ? new HubPoller(hub) : null;
    }

    /** Closes what a poller holds; refers to no hub or poller, so it can run once the hub is garbage. */
    private record Release(HubPoller poller, int epfd, Object eventFd, long events) implements Runnable {
        @Override
        public void run() {
            if (poller != null) {
                ALL.remove(poller);
            }
            try {
                if (events != 0) {
                    JdkEpoll.freeEvents(events);
                }
                if (eventFd != null) {
                    JdkEpoll.close(JdkEpoll.eventFdValue(eventFd));
                }
                JdkEpoll.close(epfd);
            } catch (RuntimeException ignored) {
                // Nothing more can be released.
            }
        }
    }

    /** Whether a greenlet waits here now (then the hub must poll rather than park, and is not stuck). */
    boolean hasWaiters() {
        return waiting > 0;
    }

    int waiting() {
        return waiting;
    }

    long wakeups() {
        return wakeups;
    }

    /**
     * Parks greenlet {@code g} until descriptor {@code fd} is ready for {@code event} (the JDK's
     * {@code Net.POLLIN} or {@code POLLOUT}), {@code nanos} pass (0: no limit), or the socket is closed
     * ({@link #stop}); the contract of {@code sun.nio.ch.Poller.poll}, whose callers re-check the
     * socket afterwards. An interrupt ends the wait with the interrupt status set; a kill or
     * {@link Timeout} of the greenlet is thrown from here. Returns false, having done nothing, when it
     * cannot take the wait (another greenlet of this hub waits on the same descriptor for the same
     * event): the JDK's poller then takes it.
     */
    boolean await(Greenlet<?> g, int fd, int event, long nanos, BooleanSupplier isOpen) {
        boolean read = event == JdkEpoll.POLLIN;
        if (!read && event != JdkEpoll.POLLOUT) {
            return false;
        }
        int bit = read ? JdkEpoll.IN : JdkEpoll.OUT;
        Watch w = watch(fd);
        if ((read ? w.reader : w.writer) != null) {
            return false;
        }
        if (!w.registered) {
            register(fd, w);
        } else if ((w.pending & bit) != 0) {
            w.pending &= ~bit; // an edge since the caller last found it drained: look again
            return true;
        }
        Waiter waiter = new Waiter(g);
        if (read) {
            w.reader = waiter;
        } else {
            w.writer = waiter;
        }
        waiting++;
        try {
            if (isOpen.getAsBoolean()) {
                long deadline = nanos > 0 ? Deadlines.afterNanos(nanos) : Deadlines.NONE;
                parkInterruptibly(g, waiter, deadline);
            }
        } finally {
            waiting--;
            if (read && w.reader == waiter) {
                w.reader = null;
            } else if (!read && w.writer == waiter) {
                w.writer = null;
            }
        }
        return true;
    }

    /** A park that an interrupt ends, leaving the status set (as the JDK's {@code LockSupport.park}). */
    private static void parkInterruptibly(Greenlet<?> g, Waiter waiter, long deadline) {
        try {
            g.park(waiter, deadline, true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // the InterruptedException that park throws unchecked
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes what the kernel has ready, waiting at most {@code timeoutMillis} (0: just look), and queues
     * the greenlets it wakes on the hub. On the hub's thread.
     */
    void poll(int timeoutMillis) {
        int n = JdkEpoll.wait(epfd, events, MAX_EVENTS, timeoutMillis);
        for (int i = 0; i < n; i++) {
            long event = JdkEpoll.eventAt(events, i);
            int fd = JdkEpoll.descriptor(event);
            if (fd == eventFdValue) {
                JdkEpoll.reset(eventFd);
                continue;
            }
            Watch w = fd < watches.length ? watches[fd] : null;
            if (w == null || !w.registered) {
                continue;
            }
            int bits = JdkEpoll.events(event);
            boolean failed = (bits & (JdkEpoll.ERR | JdkEpoll.HUP | JdkEpoll.RDHUP)) != 0;
            w.hungUp |= failed;
            if (failed || (bits & JdkEpoll.IN) != 0) {
                w.pending |= JdkEpoll.IN;
                Waiter r = w.reader;
                if (r != null) {
                    w.reader = null;
                    wakeups++;
                    r.wake();
                }
            }
            if (failed || (bits & JdkEpoll.OUT) != 0) {
                w.pending |= JdkEpoll.OUT;
                Waiter wr = w.writer;
                if (wr != null) {
                    w.writer = null;
                    wakeups++;
                    wr.wake();
                }
            }
        }
    }

    /**
     * Whether a greenlet's read of {@code fd} can be answered "nothing available" without a system
     * call: the socket is registered here, a read since its last {@code IN} edge found it drained, and
     * no hang-up was seen. Then the caller waits for the next edge rather than reading (Netty's
     * edge-triggered rule: a short read drains a socket, and anything that arrives later brings an
     * edge). On the hub's thread.
     */
    boolean skipRead(int fd) {
        Watch w = fd < watches.length ? watches[fd] : null;
        return w != null && w.registered && !w.hungUp && (w.pending & JdkEpoll.IN) == 0;
    }

    /**
     * A greenlet read {@code fd} into {@code len} bytes and got {@code n} (the JDK's
     * {@code IOStatus.UNAVAILABLE}, -2, for nothing): a read that came back short or empty drained the
     * socket. On the hub's thread.
     */
    void readDone(int fd, int len, int n) {
        Watch w = fd < watches.length ? watches[fd] : null;
        if (w != null && (n == UNAVAILABLE || (n > 0 && n < len))) {
            w.pending &= ~JdkEpoll.IN;
        }
    }

    /** Wakes the hub's thread out of {@link #poll}; any thread. */
    void wakeUp() {
        JdkEpoll.signal(eventFd);
    }

    /**
     * Wakes the greenlet waiting here on {@code fd} for {@code event}, if any: its socket is being
     * closed or shut down ({@code Poller.stopPoll}). On the hub's thread.
     */
    void stop(int fd, int event) {
        Watch w = fd < watches.length ? watches[fd] : null;
        if (w == null) {
            return;
        }
        Waiter woken = null;
        if (event == JdkEpoll.POLLIN) {
            woken = w.reader;
            w.reader = null;
        } else if (event == JdkEpoll.POLLOUT) {
            woken = w.writer;
            w.writer = null;
        }
        if (woken != null) {
            woken.wake();
        }
    }

    /**
     * Descriptor {@code fd} is being closed, which takes it out of the epoll set: its number may come
     * back as another socket, which must join the set afresh. On the hub's thread. Another thread's
     * close reaches here later, possibly after a new socket under that number has joined: so nothing is
     * forgotten but the registration, and a greenlet already waiting on the new socket has it registered
     * again now (which reports its readiness anew).
     */
    void closed(int fd) {
        Watch w = fd < watches.length ? watches[fd] : null;
        if (w == null) {
            return;
        }
        w.registered = false;
        markRegistered(fd, false);
        if (w.reader != null || w.writer != null) {
            try {
                register(fd, w);
            } catch (RuntimeException stillClosing) {
                // It was the waiter's own socket: its close wakes it (stopPoll).
            }
        }
    }

    /**
     * Runs {@code action} on the thread of every hub that has {@code fd} registered: now, when that is
     * the caller's hub; else posted to it. Any thread.
     */
    static void onHubsHolding(int fd, Consumer<HubPoller> action) {
        for (HubPoller p : ALL) {
            Hub h = p.hub.get();
            if (h == null || !p.holds(fd)) {
                continue;
            }
            if (h.onHubThread()) {
                action.accept(p);
            } else {
                h.post(() -> action.accept(p));
            }
        }
    }

    private boolean holds(int fd) {
        AtomicLongArray bits = registeredBits;
        int word = fd >>> 6;
        return word < bits.length() && (bits.get(word) & (1L << fd)) != 0;
    }

    private void markRegistered(int fd, boolean registered) {
        AtomicLongArray bits = registeredBits;
        int word = fd >>> 6;
        if (word >= bits.length()) {
            if (!registered) {
                return;
            }
            AtomicLongArray grown = new AtomicLongArray(Math.max(word + 1, bits.length() * 2));
            for (int i = 0; i < bits.length(); i++) {
                grown.set(i, bits.get(i));
            }
            registeredBits = bits = grown;
        }
        long mask = 1L << fd;
        if (registered) {
            bits.getAndAccumulate(word, mask, (old, m) -> old | m);
        } else {
            bits.getAndAccumulate(word, mask, (old, m) -> old & ~m);
        }
    }

    private Watch watch(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor " + fd);
        }
        if (fd >= watches.length) {
            watches = Arrays.copyOf(watches, Math.max(fd + 1, watches.length * 2));
        }
        Watch w = watches[fd];
        if (w == null) {
            w = watches[fd] = new Watch();
        }
        return w;
    }

    /**
     * Adds {@code fd} to the epoll set, edge-triggered, for everything a socket can become ready for. The
     * kernel reports its present readiness as a first edge, so what was pending before is dropped.
     */
    private void register(int fd, Watch w) {
        int events = JdkEpoll.IN | JdkEpoll.OUT | JdkEpoll.RDHUP | JdkEpoll.EDGE_TRIGGERED;
        int err = JdkEpoll.ctl(epfd, JdkEpoll.CTL_ADD, fd, events);
        if (err == JdkEpoll.EEXIST) {
            err = JdkEpoll.ctl(epfd, JdkEpoll.CTL_MOD, fd, events);
        }
        if (err != 0) {
            throw Rethrow.unchecked(new IOException("epoll_ctl failed: errno " + err));
        }
        w.registered = true;
        w.pending = 0;
        w.hungUp = false;
        markRegistered(fd, true);
    }
}
