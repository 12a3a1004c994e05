package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Report;
import io.gevent4j.internal.Rethrow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop of one platform thread: it runs that thread's greenlets, one at a time, and fires
 * its timers. As in gevent there is at most one hub per thread, created the first time the thread
 * uses gevent4j.
 *
 * <p>A hub does not run on its own. Greenlets run while the owning thread waits in a hub-aware call
 * ({@link Greenlet#join()}, {@link Gevent#sleep(long)}, {@link Gevent#run}, an event or queue wait):
 * the waiting thread <em>is</em> the loop. So {@code spawn(task)} followed by nothing runs nothing, and
 * greenlets of one hub never run in parallel with each other or with the hub's thread.
 *
 * <p>Each greenlet is a virtual thread whose scheduler is this hub: when it parks (on a gevent4j
 * object, a socket, a {@code java.util.concurrent} lock), the JDK unmounts it and the hub runs the
 * next ready one; when something unparks it, the JDK submits it back here.
 *
 * <p>Thread-safety: {@link #spawn}, {@link #post}, {@link #keepAlive}, the observation methods
 * ({@link #all}, {@link #stats}, {@link #greenlets}) and waking a greenlet are safe from any thread.
 * Running the loop is confined to the hub's thread.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #post} or {@link #spawn}
 * happen-before the callback or the greenlet's body runs on the hub's thread.
 */
public final class Hub {
    private static final ThreadLocal<Hub> HUBS = new ThreadLocal<>();
    /** Every hub not yet garbage, for the watcher and dumps. */
    private static final Set<Hub> ALL = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** How many tasks run between two looks at the timers, so yielding greenlets cannot starve them. */
    private static final int BATCH = 64;

    private static final long LOOP_EXIT_GRACE_NANOS = Long.getLong("gevent4j.loopExitGraceMillis", 500L) * 1_000_000L;
    private static final long IDLE_RECHECK_NANOS = 100_000_000L;
    /** Set by the first hub of the JVM, which warms up the timed-wait path (see {@link #warmUpTimedWaits}). */
    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

    private static final int WARM_UP_TIMEOUTS = Integer.getInteger("gevent4j.warmUpTimeouts", 3000);

    private final Thread thread;
    private final Root root = new Root();

    // Confined to the hub's thread (greenlets of the hub run on it too).
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private final TimerHeap timers = new TimerHeap();
    /** The greenlet mounted right now, or null between tasks. */
    private Greenlet<?> running;
    /** Greenlets whose body has started and not yet ended. */
    private int alive;
    /** Of {@link #alive}, those parked in a hub-aware wait with no deadline. Invariant: {@code <= alive}. */
    private int waitingWithoutDeadline;
    /** Set once a virtual thread that is not a greenlet ran here: its waits are invisible to the hub. */
    private boolean hostsPlainVirtualThreads;

    // Shared with other threads.
    /** Greenlets and callbacks submitted from other threads; drained into {@link #ready} by the loop. */
    private final ConcurrentLinkedQueue<Object> incoming = new ConcurrentLinkedQueue<>();
    /**
     * What the hub's thread is doing when not running tasks: {@link #BUSY}, {@link #PARKED} (about to
     * park or parked: a submitter unparks it) or {@link #POLLING} (about to wait or waiting in
     * {@code epoll_wait}: the first submitter to move it to {@link #SIGNALLED} writes the poller's
     * eventfd). Written before the thread looks at {@link #incoming} one last time, so no wake-up is lost.
     */
    private volatile int idleMode;

    private static final int BUSY = 0;
    private static final int PARKED = 1;
    private static final int POLLING = 2;
    private static final int SIGNALLED = 3;
    private static final VarHandle IDLE_MODE;

    static {
        try {
            IDLE_MODE = MethodHandles.lookup().findVarHandle(Hub.class, "idleMode", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The hub's epoll set, created by the first socket wait routed here; null until then (see {@link HubPoller}). */
    private volatile HubPoller poller;
    /** Whether creating {@link #poller} was tried and is impossible in this JVM. */
    private boolean pollerUnavailable;

    private final AtomicInteger keepAlives = new AtomicInteger();

    // Statistics. Written by the hub's thread only; other threads read a recent, possibly stale view.
    private long switches;
    private long loopIterations;
    private long busyNanos;
    private long idleNanos;
    private long longestStepNanos;
    private long failed;
    /** {@link System#nanoTime()} when the greenlet in {@link #running} was mounted (the watcher reads it). */
    private long stepStartedAt;

    private final AtomicLong spawned = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    /** Greenlets whose body runs (a doubly linked list through Greenlet.livePrev/liveNext), for dumps. */
    private final Object liveLock = new Object();

    private Greenlet<?> liveHead;

    private Hub(Thread thread) {
        VirtualThreads.ensureAvailable();
        this.thread = thread;
        ALL.add(this);
        HubWatcher.hubCreated();
    }

    /**
     * The hub of the calling thread: a greenlet's own hub, or the hub of this platform thread (created
     * now if it has none).
     *
     * @return the hub
     * @throws IllegalStateException on a virtual thread that is not a greenlet: it has no hub
     */
    public static Hub current() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            Greenlet<?> g = Greenlet.ofThread(t);
            if (g == null) {
                throw new IllegalStateException(t + " is a virtual thread that is not a greenlet, so it has no hub; "
                        + "spawn greenlets from a platform thread or from another greenlet");
            }
            return g.hub();
        }
        return ofPlatformThread(t);
    }

    /** The hub of the calling platform thread if it has one; never creates one. */
    static Hub existing() {
        return HUBS.get();
    }

    static Hub ofPlatformThread(Thread t) {
        Hub hub = HUBS.get();
        if (hub == null) {
            hub = new Hub(t);
            HUBS.set(hub);
            if (WARMED_UP.compareAndSet(false, true)) {
                hub.warmUpTimedWaits();
            }
        }
        return hub;
    }

    /**
     * Lets a few thousand timed waits run out, once per JVM, on the first hub (a few milliseconds).
     * Otherwise the JIT compiles {@link Greenlet#park} while no timer has fired yet, treats the
     * timed-out exit as impossible, and every greenlet parked in compiled code then deoptimises on
     * its own when its sleep ends, so a crowd of sleepers wakes spread out instead of at once (see the
     * sleepers benchmark in docs/BENCHMARKS.md).
     */
    private void warmUpTimedWaits() {
        Greenlet<Void> warmUp = spawn(() -> {
            Strand self = Strand.current();
            for (int i = 0; i < WARM_UP_TIMEOUTS; i++) {
                self.park(new Waiter(self), System.nanoTime(), false);
            }
        });
        warmUp.join();
        switches = loopIterations = busyNanos = idleNanos = longestStepNanos = 0;
        spawned.set(0);
        finished.set(0);
    }

    /**
     * The platform thread this hub belongs to.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    Root root() {
        return root;
    }

    /**
     * Spawns a greenlet on this hub; callable from any thread (hand work to another thread's hub). It
     * runs when the hub's thread next waits.
     *
     * @param <T> the result type
     * @param task the body
     * @return the started greenlet
     * @throws NullPointerException if {@code task} is null
     */
    public <T> Greenlet<T> spawn(Callable<T> task) {
        return Greenlet.create(this, task).start();
    }

    /**
     * Spawns a greenlet with no result on this hub; callable from any thread.
     *
     * @param task the body
     * @return the started greenlet
     * @throws NullPointerException if {@code task} is null
     */
    public Greenlet<Void> spawn(ThrowingRunnable task) {
        return spawn(Greenlet.callable(task));
    }

    /**
     * Runs {@code callback} on this hub's thread at its next turn, from any thread. The callback runs
     * between greenlets, as gevent's {@code run_callback}: it must be short and must not block. One that
     * throws is reported and the hub goes on.
     *
     * @param callback what to run
     * @throws NullPointerException if {@code callback} is null
     */
    public void post(Runnable callback) {
        submit(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Tells the hub that some other thread or outside event will wake one of its waiters, so that an
     * otherwise idle hub waits for it rather than raising {@link LoopExit}. Close the returned handle
     * when that is no longer so (gevent: a referenced watcher on the loop). Any thread.
     *
     * @return the registration, to close
     */
    public KeepAlive keepAlive() {
        keepAlives.incrementAndGet();
        return new KeepAlive(keepAlives);
    }

    /** A registration from {@link #keepAlive()}; closing it more than once is harmless. */
    public static final class KeepAlive implements AutoCloseable {
        private final AtomicInteger counter;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private KeepAlive(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                counter.decrementAndGet();
            }
        }
    }

    @Override
    public String toString() {
        return "Hub[" + thread.getName() + "]";
    }

    // ---- scheduling -------------------------------------------------------------------------

    /** Queues a greenlet to mount, or a callback / plain virtual thread continuation to run. */
    void submit(Object task) {
        if (onHubThread()) {
            ready.addLast(task);
        } else {
            incoming.add(task);
            wakeIfIdle();
        }
    }

    /** Wakes the hub's thread if it waits for work; called by other threads after queueing some. */
    private void wakeIfIdle() {
        int mode = idleMode;
        if (mode == PARKED) {
            LockSupport.unpark(thread);
        } else if (mode == POLLING && IDLE_MODE.compareAndSet(this, POLLING, SIGNALLED)) {
            poller.wakeUp();
        }
    }

    /** A plain virtual thread that inherited a greenlet's scheduler asks to run here. */
    void submitPlainVirtualThread(Runnable continuation) {
        submit((Runnable) () -> {
            hostsPlainVirtualThreads = true;
            continuation.run();
        });
    }

    /** Whether the caller runs on this hub's thread: the thread itself or its mounted greenlet. */
    boolean onHubThread() {
        Thread t = Thread.currentThread();
        if (t == thread) {
            return true;
        }
        Greenlet<?> g = running;
        return g != null && g.thread() == t;
    }

    /** Wakes the hub's thread if it is parked; callable from any thread. */
    void wakeUp() {
        if (!onHubThread()) {
            wakeIfIdle();
        }
    }

    /**
     * This hub's epoll set, created on first use; null when the JDK's epoll bindings are not open to
     * gevent4j (then sockets wait on the JDK's pollers). On the hub's thread.
     */
    HubPoller poller() {
        HubPoller p = poller;
        if (p == null && !pollerUnavailable) {
            try {
                p = poller = HubPoller.open(this);
                pollerUnavailable = p == null;
            } catch (RuntimeException e) {
                // No descriptors left, say: the JDK's pollers take this wait; the next one tries again.
                return null;
            }
        }
        return p;
    }

    /** The poller if one exists, on any thread. */
    HubPoller existingPoller() {
        return poller;
    }

    Timer schedule(long deadline, Runnable action) {
        assert onHubThread() : "timers belong to the hub's thread";
        return timers.schedule(deadline, action);
    }

    /** A timer that may be cancelled from any thread (a cancel from elsewhere is posted to the hub). */
    Strand.Cancellable scheduleCancellable(long deadline, Runnable action) {
        Timer timer = schedule(deadline, action);
        return () -> {
            if (onHubThread()) {
                timer.cancel();
            } else {
                post(timer::cancel);
            }
        };
    }

    void greenletSpawned() {
        spawned.incrementAndGet();
    }

    void greenletStarted(Greenlet<?> g) {
        alive++;
        synchronized (liveLock) {
            g.liveNext = liveHead;
            if (liveHead != null) {
                liveHead.livePrev = g;
            }
            liveHead = g;
        }
    }

    void greenletEnded(Greenlet<?> g, boolean failedNow) {
        alive--;
        if (failedNow) {
            failed++;
        }
        finished.incrementAndGet();
        synchronized (liveLock) {
            if (g.livePrev != null) {
                g.livePrev.liveNext = g.liveNext;
            } else {
                liveHead = g.liveNext;
            }
            if (g.liveNext != null) {
                g.liveNext.livePrev = g.livePrev;
            }
            g.livePrev = g.liveNext = null;
        }
    }

    /** A greenlet killed before it started: it counts as finished without ever being alive. */
    void greenletDiscarded() {
        finished.incrementAndGet();
    }

    // ---- observation ------------------------------------------------------------------------

    /**
     * Every hub in this JVM that is still reachable. Any thread.
     *
     * @return a snapshot of the hubs
     */
    public static List<Hub> all() {
        synchronized (ALL) {
            return List.copyOf(ALL);
        }
    }

    /**
     * A snapshot of this hub's counters. Exact when taken on the hub's own thread (or by one of its
     * greenlets); from another thread, a recent view.
     *
     * @return the counters now
     */
    public HubStats stats() {
        HubPoller p = poller;
        return new HubStats(
                thread.getName(),
                alive,
                spawned.get(),
                finished.get(),
                failed,
                switches,
                loopIterations,
                ready.size() + incoming.size(),
                timers.live(),
                busyNanos,
                idleNanos,
                longestStepNanos,
                p == null ? 0 : p.waiting(),
                p == null ? 0 : p.wakeups());
    }

    /**
     * The greenlets of this hub whose body is running or suspended now, newest first. Any thread.
     *
     * @return a snapshot of the live greenlets
     */
    public List<Greenlet<?>> greenlets() {
        List<Greenlet<?>> out = new ArrayList<>();
        synchronized (liveLock) {
            for (Greenlet<?> g = liveHead; g != null; g = g.liveNext) {
                out.add(g);
            }
        }
        return out;
    }

    /** The greenlet mounted on the hub's thread right now, or null between greenlets. Any thread (a recent view). */
    Greenlet<?> running() {
        return running;
    }

    /** When the greenlet in {@link #running()} was mounted, in {@link System#nanoTime()}. Any thread (a recent view). */
    long mountedAt() {
        return stepStartedAt;
    }

    /** How many times a greenlet was mounted, ever. Any thread (a recent view). */
    long switches() {
        return switches;
    }

    /**
     * Has {@code observer} look at every hub, every {@code period}, from gevent4j's watcher thread
     * (see {@link HubObserver}). The same observer may be registered more than once.
     *
     * @param period how often the observer looks
     * @param observer what looks
     * @return the registration, to close when the observer is done
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static HubObserver.Registration addObserver(Duration period, HubObserver observer) {
        return HubWatcher.add(period, observer);
    }

    void waitingWithoutDeadline(int delta) {
        waitingWithoutDeadline += delta;
    }

    // ---- the loop ---------------------------------------------------------------------------

    /**
     * Runs this hub on its own thread until {@code waiter} is woken or {@code deadline} passes.
     * Returns whether it was woken.
     */
    private boolean runUntil(Waiter waiter, long deadline, boolean interruptible) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("only " + thread + " may run " + this);
        }
        // Unmounting a virtual thread clears its carrier's interrupt status: keep ours across the loop.
        boolean interrupted = Thread.interrupted();
        if (interrupted && interruptible) {
            throw Rethrow.unchecked(Strand.interrupted());
        }
        long stuckSince = 0;
        // True from a blocking epoll_wait until the batch it woke has run: polling again before that
        // batch would only find what arrived in the last microseconds (a wasted system call per wake-up).
        boolean justPolled = false;
        try {
            while (true) {
                loopIterations++;
                if (waiter.isWoken()) {
                    return true;
                }
                root.throwIfPending();
                long now = System.nanoTime();
                if (deadline != Deadlines.NONE && deadline - now <= 0) {
                    return false;
                }
                timers.fireDue(now);
                drainIncoming();
                if (!ready.isEmpty()) {
                    stuckSince = 0;
                    HubPoller p = poller;
                    if (!justPolled && p != null && p.hasWaiters()) {
                        p.poll(0); // ready sockets join the queue behind what is already ready
                    }
                    justPolled = false;
                    runBatch(waiter);
                    continue;
                }
                long parkUntil = Math.min(timers.nextDeadline(), deadline);
                if (parkUntil == Deadlines.NONE) {
                    if (provablyStuck()) {
                        if (stuckSince == 0) {
                            stuckSince = now;
                        } else if (now - stuckSince >= LOOP_EXIT_GRACE_NANOS) {
                            throw loopExit();
                        }
                        parkUntil = now + Math.min(IDLE_RECHECK_NANOS, LOOP_EXIT_GRACE_NANOS);
                    } else {
                        stuckSince = 0;
                        if (alive == waitingWithoutDeadline && !hostsPlainVirtualThreads) {
                            // Only another thread can help; look again now and then in case it died.
                            parkUntil = now + IDLE_RECHECK_NANOS;
                        }
                    }
                }
                HubPoller p = poller;
                boolean polling = p != null && p.hasWaiters();
                idleMode = polling ? POLLING : PARKED;
                try {
                    if (incoming.isEmpty() && !waiter.isWoken() && !root.hasPending()) {
                        if (polling) {
                            p.poll(pollTimeoutMillis(parkUntil, now));
                            justPolled = true;
                        } else if (parkUntil == Deadlines.NONE) {
                            LockSupport.park(this);
                        } else {
                            LockSupport.parkNanos(this, parkUntil - now);
                        }
                        idleNanos += System.nanoTime() - now;
                    }
                } finally {
                    idleMode = BUSY;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw Rethrow.unchecked(Strand.interrupted());
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    /**
     * How long an idle hub may wait in {@code epoll_wait}: until {@code parkUntil}, rounded up to the
     * millisecond, and never beyond {@link #IDLE_RECHECK_NANOS}, because an interrupt of the hub's
     * thread does not end {@code epoll_wait} and must still be noticed.
     */
    private static int pollTimeoutMillis(long parkUntil, long now) {
        long nanos = parkUntil == Deadlines.NONE ? IDLE_RECHECK_NANOS : Math.min(parkUntil - now, IDLE_RECHECK_NANOS);
        return (int) Math.max(0, (nanos + 999_999) / 1_000_000);
    }

    /** Runs what is ready now, once each, then returns: {@code sleep(0)} on the hub's own thread. */
    private void runReadyOnce() {
        timers.fireDue(System.nanoTime());
        drainIncoming();
        boolean interrupted = Thread.interrupted();
        try {
            long stepStart = System.nanoTime();
            for (int n = ready.size(); n > 0; n--) {
                stepStart = runTask(ready.poll(), stepStart);
            }
        } finally {
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    private void runBatch(Waiter waiter) {
        long stepStart = System.nanoTime();
        for (int n = 0; n < BATCH && !waiter.isWoken() && !root.hasPending(); n++) {
            Object task = ready.poll();
            if (task == null) {
                return;
            }
            stepStart = runTask(task, stepStart);
        }
    }

    /**
     * Runs one task that starts at {@code stepStart}; returns when it ended, which is when the next
     * one starts (one clock read per switch).
     */
    private long runTask(Object task, long stepStart) {
        if (task instanceof Greenlet<?> g) {
            stepStartedAt = stepStart;
            running = g;
            try {
                g.mount();
            } finally {
                running = null;
                switches++;
            }
        } else {
            try {
                ((Runnable) task).run();
            } catch (Throwable t) {
                Report.failure(Report.HUB, this + " callback " + task + " failed", t);
            }
        }
        long end = System.nanoTime();
        long step = end - stepStart;
        busyNanos += step;
        if (step > longestStepNanos) {
            longestStepNanos = step;
        }
        return end;
    }

    private void drainIncoming() {
        Object task;
        while ((task = incoming.poll()) != null) {
            ready.addLast(task);
        }
    }

    private boolean provablyStuck() {
        HubPoller p = poller;
        return alive == waitingWithoutDeadline
                && (p == null || !p.hasWaiters())
                && !hostsPlainVirtualThreads
                && timers.live() == 0
                && keepAlives.get() == 0
                && incoming.isEmpty()
                && !anotherThreadCouldWake();
    }

    /** A live non-daemon platform thread, or a busy common pool, might still wake this hub. */
    private boolean anotherThreadCouldWake() {
        ThreadGroup group = thread.getThreadGroup();
        if (group == null) {
            return true;
        }
        while (group.getParent() != null) {
            group = group.getParent();
        }
        Thread[] threads = new Thread[group.activeCount() + 16];
        int n = group.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != thread && t.isAlive() && !t.isDaemon()) {
                return true;
            }
        }
        ForkJoinPool common = ForkJoinPool.commonPool();
        return common.getActiveThreadCount() > 0 || common.hasQueuedSubmissions();
    }

    private LoopExit loopExit() {
        return new LoopExit("This operation would block forever: " + this + " has nothing ready, no timers, "
                + alive + " greenlet(s) all waiting on gevent4j objects, and no other thread that could wake them. "
                + "If another thread or an outside event will, hold Hub.keepAlive() meanwhile.");
    }

    /** The hub's own platform thread as a waiting strand: waiting means running the loop. */
    final class Root extends Strand {
        @Override
        boolean park(Waiter waiter, long deadline, boolean interruptible) {
            throwIfPending();
            return runUntil(waiter, deadline, interruptible);
        }

        @Override
        void unpark() {
            wakeUp();
        }

        @Override
        void yieldNow() {
            throwIfPending();
            runReadyOnce();
            throwIfPending();
        }

        @Override
        Cancellable schedule(long deadline, Runnable action) {
            return scheduleCancellable(deadline, action);
        }

        Hub hub() {
            return Hub.this;
        }

        @Override
        public String toString() {
            return "root of " + Hub.this;
        }
    }
}
