package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Report;
import io.gevent4j.internal.Rethrow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A lightweight, cooperatively scheduled unit of work: a virtual thread whose only carrier is its
 * {@link Hub}'s platform thread. Greenlets of one hub never run at the same time; a greenlet runs
 * until it blocks (a gevent4j wait, a socket, a lock), and then the hub runs the next ready one.
 *
 * <p>Because a greenlet is its own {@link Thread}, {@code ThreadLocal}s, {@code synchronized},
 * {@code ReentrantLock} and {@link Thread#currentThread()} are per greenlet with no extra machinery
 * (what gevent needs {@code gevent.local} and patched locks for).
 *
 * <p>Life cycle: created (not started) → started (queued on the hub) → running → dead. A greenlet
 * dies by returning (successful, its value is the result), by throwing (failed: the exception is kept,
 * reported once, and rethrown by {@link #get()}), or by being {@linkplain #kill() killed}
 * (successful, with the {@link GreenletExit} as its value, as in gevent).
 *
 * <p>Thread-safety: every public method may be called from any thread; waiting ({@link #join},
 * {@link #get}, {@link #kill}) parks only the calling greenlet, runs the hub on a hub's own thread,
 * and blocks any other thread.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #start()} happen-before
 * the greenlet's body runs; actions of the body happen-before another thread sees the greenlet dead
 * ({@link #isDead()}, {@link #join()} returning, {@link #get()}) and before its links run.
 *
 * <pre>{@code
 * Greenlet<String> g = Gevent.spawn(() -> fetch(url));
 * g.join();                 // runs the hub until g is dead
 * String page = g.get();    // or rethrows what fetch threw
 * }</pre>
 *
 * @param <T> the result type
 */
public final class Greenlet<T> extends Strand implements Waitable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DEAD = 2;
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle STATE;
    private static final VarHandle TIMED_WAIT_DEADLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Greenlet.class, "state", int.class);
            TIMED_WAIT_DEADLINE = lookup.findVarHandle(Greenlet.class, "timedWaitDeadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Hub hub;
    private final Thread thread;
    private final long id;
    /** The work; dropped once the greenlet is dead so a finished greenlet holds no closure. */
    private Callable<T> body;
    /** NEW → RUNNING → DEAD, or NEW → DEAD when killed before it started. Only ever moves forward. */
    private volatile int state;

    private volatile String name;
    /** The JDK's mount task for {@link #thread}, recorded at its first submission. */
    private Runnable continuation;
    /** Result and failure: written once before {@link #state} becomes DEAD, read after seeing DEAD. */
    private Object value;

    private Throwable failure;
    /** Guarded by {@code this}: whether {@link #start()} was called, and the callbacks awaiting death. */
    private boolean started;

    private List<Runnable> links;
    /** The greenlet that spawned this one, by id (0: spawned outside any greenlet); for dumps. */
    private final long parentId;
    /** Links of the hub's list of live greenlets, guarded by the hub's live-list lock. */
    Greenlet<?> livePrev;

    Greenlet<?> liveNext;
    /** Hub-thread confined: parked in a gevent4j wait right now (so a kill needs no interrupt). */
    private boolean inHubWait;
    /**
     * The deadline of the timed gevent4j wait this greenlet is in, else {@link Deadlines#NONE}. Written by the
     * greenlet (release), read by the {@link PinnedWaitWatchdog} (acquire).
     */
    private long timedWaitDeadline = Deadlines.NONE;
    /** Hub-thread confined: a kill interrupted a wait outside gevent4j, so what that wait throws is the kill. */
    private boolean interruptedByKill;

    private Greenlet(Hub hub, Callable<T> body) {
        this.hub = hub;
        this.body = body;
        this.id = IDS.incrementAndGet();
        Greenlet<?> parent = Gevent.getCurrent();
        this.parentId = parent == null ? 0 : parent.id;
        this.thread = VirtualThreads.newThread(new Scheduler(this), this::runBody);
    }

    static <T> Greenlet<T> create(Hub hub, Callable<T> body) {
        return new Greenlet<>(hub, Objects.requireNonNull(body, "task"));
    }

    static Callable<Void> callable(ThrowingRunnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            task.run();
            return null;
        };
    }

    /**
     * An unstarted greenlet on the calling thread's hub; {@link #start()} queues it (gevent's
     * {@code Greenlet(run)}).
     *
     * @param <T> the result type
     * @param task the body
     * @return the greenlet, not started
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException on a virtual thread that is not a greenlet (it has no hub)
     */
    public static <T> Greenlet<T> of(Callable<T> task) {
        return create(Hub.current(), task);
    }

    /**
     * An unstarted greenlet with no result on the calling thread's hub.
     *
     * @param task the body
     * @return the greenlet, not started
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException on a virtual thread that is not a greenlet (it has no hub)
     */
    public static Greenlet<Void> of(ThrowingRunnable task) {
        return create(Hub.current(), callable(task));
    }

    /** The greenlet that {@code t} is, or null when {@code t} is no greenlet. */
    static Greenlet<?> ofThread(Thread t) {
        Executor scheduler = VirtualThreads.schedulerOf(t);
        if (scheduler instanceof Scheduler s && s.greenlet.thread == t) {
            return s.greenlet;
        }
        return null;
    }

    /**
     * Submits the greenlet's thread to its hub on every mount. A virtual thread started inside a
     * greenlet inherits this scheduler; its mounts are told apart by their different task.
     */
    private static final class Scheduler implements Executor {
        final Greenlet<?> greenlet;

        Scheduler(Greenlet<?> greenlet) {
            this.greenlet = greenlet;
        }

        @Override
        public void execute(Runnable task) {
            greenlet.submitted(task);
        }
    }

    private void submitted(Runnable task) {
        if (continuation == null) {
            continuation = task;
        } else if (task != continuation) {
            hub.submitPlainVirtualThread(task);
            return;
        }
        hub.submit(this);
    }

    /** Runs the greenlet on the hub's thread until it next parks, yields or ends. */
    void mount() {
        continuation.run();
    }

    // ---- starting ------------------------------------------------------------------------------

    /**
     * Queues the greenlet on its hub; it runs when the hub's thread next waits. Callable from any
     * thread. A greenlet killed before it starts never runs.
     *
     * @return this greenlet
     * @throws IllegalStateException if it was started already
     */
    public Greenlet<T> start() {
        claimStart();
        if (state == NEW) {
            thread.start();
        }
        return this;
    }

    /**
     * Queues the greenlet to start after {@code delay} (gevent's {@code start_later}). Callable from
     * any thread.
     *
     * @param delay how long from now
     * @return this greenlet
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException if it was started already
     */
    public Greenlet<T> startLater(Duration delay) {
        long deadline = Deadlines.after(delay, "delay");
        claimStart();
        Runnable arm = () -> hub.schedule(deadline, () -> {
            if (state == NEW) {
                thread.start();
            }
        });
        if (hub.onHubThread()) {
            arm.run();
        } else {
            hub.post(arm);
        }
        return this;
    }

    private void claimStart() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException(this + " was already started");
            }
            started = true;
        }
        hub.greenletSpawned();
        GreenletEvents.spawned(this);
    }

    private void runBody() {
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            return; // killed before it started
        }
        hub.greenletStarted(this);
        Object result = null;
        Throwable failed = null;
        try {
            result = body.call();
        } catch (GreenletExit exit) {
            result = exit;
        } catch (Throwable t) {
            if (interruptedByKill) {
                result = new GreenletExit();
            } else {
                failed = t;
            }
        } finally {
            hub.greenletEnded(this, failed != null);
        }
        finish(result, failed);
    }

    private void finish(Object result, Throwable failed) {
        value = result;
        failure = failed;
        body = null;
        GreenletEvents.finished(this, result instanceof GreenletExit, failed);
        List<Runnable> callbacks;
        synchronized (this) {
            state = DEAD;
            callbacks = links;
            links = null;
        }
        if (failed != null) {
            Report.failure(
                    Report.HUB, this + " failed with " + failed.getClass().getName(), failed);
        }
        notifyLinks(callbacks);
    }

    /**
     * Runs the links of a greenlet that just died, in registration order, in one hub callback after
     * the greenlets already ready (as gevent does): so a group still counts its dead member while its
     * ready siblings run, and has dropped it before a joiner wakes.
     */
    private void notifyLinks(List<Runnable> callbacks) {
        if (callbacks != null) {
            hub.post(() -> callbacks.forEach(this::runCallback));
        }
    }

    private void runCallback(Runnable callback) {
        Report.runCallback(callback, this);
    }

    // ---- state ---------------------------------------------------------------------------------

    /**
     * Whether the greenlet is dead (finished, failed, or killed).
     *
     * @return whether it is dead
     */
    @Override
    public boolean isReady() {
        return state == DEAD;
    }

    /**
     * Same as {@link #isReady()}.
     *
     * @return whether it is dead
     */
    public boolean isDead() {
        return state == DEAD;
    }

    /**
     * Whether the body has started and not yet ended.
     *
     * @return whether it is alive
     */
    public boolean isAlive() {
        return state == RUNNING;
    }

    /**
     * Whether the greenlet is dead without a failure (a killed greenlet is successful).
     *
     * @return whether it died successfully
     */
    public boolean isSuccessful() {
        return state == DEAD && failure == null;
    }

    /**
     * The result once dead and successful, else null. A killed greenlet's value is its
     * {@link GreenletExit} (as in gevent), whatever {@code T} is.
     *
     * @return the result, or null
     */
    @SuppressWarnings("unchecked")
    public T value() {
        return state == DEAD ? (T) value : null;
    }

    /**
     * What the body threw, once dead.
     *
     * @return the failure; null while not dead or when successful
     */
    public Throwable exception() {
        return state == DEAD ? failure : null;
    }

    /**
     * The greenlet's name: the one given to {@link #setName}, else {@code "Greenlet-"} and its id.
     *
     * @return the name
     */
    public String name() {
        String n = name;
        return n != null ? n : "Greenlet-" + id;
    }

    /**
     * Names the greenlet (and its thread, as dumps show it).
     *
     * @param name the new name
     * @return this greenlet
     * @throws NullPointerException if {@code name} is null
     */
    public Greenlet<T> setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        thread.setName(name);
        return this;
    }

    /**
     * A number unique to this greenlet in this JVM.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The {@link #id()} of the greenlet that spawned this one.
     *
     * @return the parent's id, or 0 when no greenlet did (a plain thread spawned it)
     */
    public long parentId() {
        return parentId;
    }

    /**
     * The hub this greenlet runs on.
     *
     * @return the hub
     */
    public Hub hub() {
        return hub;
    }

    /**
     * The greenlet's own virtual thread.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case NEW -> "new";
            case RUNNING -> "running";
            default -> failure != null ? "failed" : "dead";
        };
        return "Greenlet[" + name() + ", " + s + "]";
    }

    // ---- waiting for it ------------------------------------------------------------------------

    /**
     * Waits until the greenlet is dead. On the hub's thread this runs the hub meanwhile.
     *
     * @throws IllegalStateException if called by the greenlet itself
     */
    public void join() {
        joinUntil(Deadlines.NONE);
    }

    /**
     * Waits at most {@code timeout} for the greenlet to die.
     *
     * @param timeout the longest wait
     * @return whether it is dead
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if called by the greenlet itself
     */
    public boolean join(Duration timeout) {
        return joinUntil(Deadlines.after(timeout, "timeout"));
    }

    boolean joinUntil(long deadline) {
        if (state == DEAD) {
            return true;
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(this + " cannot join itself: it would wait forever");
        }
        Waiter waiter = new Waiter();
        rawlink(waiter);
        try {
            return waiter.awaitUntil(deadline);
        } finally {
            unlink(waiter);
        }
    }

    /**
     * Waits until dead, then returns the value or rethrows the failure (the same exception object, even
     * a checked one).
     *
     * @return the value (a killed greenlet's is its {@link GreenletExit})
     * @throws IllegalStateException if called by the greenlet itself
     */
    public T get() {
        join();
        return result();
    }

    /**
     * Waits at most {@code timeout}, then as {@link #get()}.
     *
     * @param timeout the longest wait
     * @return the value
     * @throws Timeout if the greenlet is still not dead
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T get(Duration timeout) {
        if (!join(timeout)) {
            throw new Timeout(timeout);
        }
        return result();
    }

    private T result() {
        if (failure != null) {
            throw Rethrow.unchecked(failure);
        }
        return value();
    }

    // ---- links ---------------------------------------------------------------------------------

    @Override
    public void rawlink(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (state != DEAD) {
                if (links == null) {
                    links = new ArrayList<>(2);
                }
                links.add(callback);
                return;
            }
        }
        runCallback(callback);
    }

    @Override
    public synchronized boolean unlink(Runnable callback) {
        return links != null && links.remove(callback);
    }

    /**
     * Calls {@code callback} with this greenlet once it is dead, in a new greenlet of the same hub
     * (gevent's {@code link}); at once if it is dead already.
     *
     * @param callback what to call
     */
    public void link(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, callback, null));
    }

    /**
     * As {@link #link}, but only if the greenlet ends successfully.
     *
     * @param callback what to call
     */
    public void linkValue(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, callback, Boolean.TRUE));
    }

    /**
     * As {@link #link}, but only if the greenlet fails.
     *
     * @param callback what to call
     */
    public void linkException(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, callback, Boolean.FALSE));
    }

    /**
     * Removes a callback added with {@link #link}, {@link #linkValue} or {@link #linkException}.
     *
     * @param callback the callback as it was added
     * @return whether it was still registered
     */
    public synchronized boolean unlink(Consumer<? super Greenlet<T>> callback) {
        return links != null && links.removeIf(l -> l instanceof SpawnedLink<?> s && s.callback == callback);
    }

    private record SpawnedLink<T>(Greenlet<T> source, Consumer<? super Greenlet<T>> callback, Boolean onSuccess)
            implements Runnable {
        @Override
        public void run() {
            if (onSuccess == null || onSuccess == source.isSuccessful()) {
                source.hub.spawn(() -> callback.accept(source));
            }
        }
    }

    // ---- killing -------------------------------------------------------------------------------

    /**
     * Raises {@link GreenletExit} in the greenlet at its next blocking point and waits until it is
     * dead. A greenlet that has not started yet never runs. Called by the greenlet on itself, it throws
     * the {@code GreenletExit} at once.
     *
     * @throws GreenletExit when the greenlet kills itself
     */
    public void kill() {
        killUntil(Deadlines.NONE);
    }

    /**
     * As {@link #kill()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether it is dead
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean kill(Duration timeout) {
        return killUntil(Deadlines.after(timeout, "timeout"));
    }

    /**
     * Raises {@link GreenletExit} in the greenlet and returns at once (gevent's {@code kill(block=False)}).
     *
     * @throws GreenletExit when the greenlet kills itself
     */
    public void killAsync() {
        if (Thread.currentThread() == thread) {
            throw new GreenletExit();
        }
        requestKill();
    }

    private boolean killUntil(long deadline) {
        killAsync();
        return joinUntil(deadline);
    }

    void requestKill() {
        if (STATE.compareAndSet(this, NEW, DEAD)) {
            finishUnstarted();
            return;
        }
        if (state == DEAD) {
            return;
        }
        if (hub.onHubThread()) {
            deliverKill();
        } else {
            hub.post(this::deliverKill);
        }
    }

    private void finishUnstarted() {
        // The CAS to DEAD already happened; publish the value and run links as a normal death would.
        value = new GreenletExit();
        body = null;
        hub.greenletDiscarded();
        GreenletEvents.finished(this, true, null);
        List<Runnable> callbacks;
        synchronized (this) {
            callbacks = links;
            links = null;
        }
        notifyLinks(callbacks);
    }

    /** On the hub's thread: make the kill land wherever the greenlet is parked. */
    private void deliverKill() {
        if (state != RUNNING) {
            return;
        }
        Thread.State s = thread.getState();
        boolean parkedOutsideGevent = !inHubWait && (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING);
        raiseOverriding(new GreenletExit());
        if (parkedOutsideGevent) {
            // A JDK wait (socket, j.u.c lock, unpatched sleep) only ends early on an interrupt.
            interruptedByKill = true;
            thread.interrupt();
        }
    }

    // ---- Strand: how a greenlet waits -----------------------------------------------------------

    @Override
    boolean park(Waiter waiter, long deadline, boolean interruptible) {
        throwIfPending();
        if (waiter.isWoken()) {
            return true;
        }
        Timer timer = deadline == Deadlines.NONE ? null : hub.schedule(deadline, this::unpark);
        boolean interrupted = false;
        inHubWait = true;
        if (timer == null) {
            hub.waitingWithoutDeadline(1);
        } else {
            TIMED_WAIT_DEADLINE.setRelease(this, deadline);
        }
        try {
            while (true) {
                if (waiter.isWoken()) {
                    return true;
                }
                if (timer != null && !timer.isPending()) {
                    return false;
                }
                LockSupport.park(waiter);
                if (Thread.interrupted()) {
                    if (interruptible && !interruptedByKill) {
                        throw Rethrow.unchecked(interrupted());
                    }
                    interrupted |= !interruptedByKill;
                }
                throwIfPending();
                if (timer != null && deadline - System.nanoTime() <= 0) {
                    // Also ends a pinned wait, which the watchdog wakes while its hub timer cannot fire.
                    return waiter.isWoken();
                }
            }
        } finally {
            inHubWait = false;
            if (timer == null) {
                hub.waitingWithoutDeadline(-1);
            } else {
                TIMED_WAIT_DEADLINE.setRelease(this, Deadlines.NONE);
                timer.cancel();
            }
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    /**
     * From the {@link PinnedWaitWatchdog}, while this greenlet is its hub's mounted one: if it sits in a
     * timed wait past its deadline and is parked, it is pinned to the hub's thread, so wake it.
     */
    void endPinnedWaitIfOverdue(long now) {
        long deadline = (long) TIMED_WAIT_DEADLINE.getAcquire(this);
        if (deadline != Deadlines.NONE && deadline - now <= 0) {
            Thread.State s = thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                LockSupport.unpark(thread);
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
        return hub.scheduleCancellable(deadline, action);
    }
}
