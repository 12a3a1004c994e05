package io.gevent4j.monkey.patches;

import io.gevent4j.Cooperative;
import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Hub;
import io.gevent4j.LoopExit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A platform {@code Thread} that the thread patch runs as a greenlet (gevent's "dummy thread", done
 * properly). The program keeps the {@code Thread} object it made; its {@code run()} runs in a greenlet
 * of the hub whose code started it, and that greenlet's own virtual thread (the <em>runner</em>) is
 * what {@code Thread.currentThread()} returns inside. The advice of {@link ThreadPatch} makes the
 * program's object answer for the greenlet: alive while it runs, its state, {@code join},
 * {@code interrupt}, its name.
 *
 * <p>JDK internals used ({@code java.lang} is opened to the agent): the thread's status word
 * ({@code Thread.holder.threadStatus}), set to RUNNABLE when the greenlet starts (so a second
 * {@code start()} throws as the JDK's does, whoever calls it) and to TERMINATED when it ends (so from
 * then on the JDK's own code answers {@code isAlive}, {@code getState}, {@code join} and
 * {@code start} exactly as for a thread that ran and ended, and no registry keeps the object); its
 * inheritable thread locals, handed to the runner; its name and interrupt status, kept in step.
 */
final class ConvertedThread {
    /** JVMTI_THREAD_STATE_ALIVE | JVMTI_THREAD_STATE_RUNNABLE, as the JVM writes for a started thread. */
    private static final int STATUS_RUNNABLE = 0x5;

    private static final int STATUS_TERMINATED = 0x2;

    private static final VarHandle HOLDER;
    private static final VarHandle STATUS;
    private static final VarHandle INHERITABLE;
    private static final VarHandle NAME;
    private static final VarHandle INTERRUPTED;
    private static final VarHandle TASK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> holder = Class.forName("java.lang.Thread$FieldHolder");
            HOLDER = lookup.findVarHandle(Thread.class, "holder", holder);
            STATUS = MethodHandles.privateLookupIn(holder, MethodHandles.lookup())
                    .findVarHandle(holder, "threadStatus", int.class);
            TASK = MethodHandles.privateLookupIn(holder, MethodHandles.lookup())
                    .findVarHandle(holder, "task", Runnable.class);
            INHERITABLE = lookup.findVarHandle(
                    Thread.class, "inheritableThreadLocals", Class.forName("java.lang.ThreadLocal$ThreadLocalMap"));
            NAME = lookup.findVarHandle(Thread.class, "name", String.class);
            INTERRUPTED = lookup.findVarHandle(Thread.class, "interrupted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Set once a {@code Thread} has been turned into a greenlet: until then the advice on
     * {@code isAlive}, {@code getState}, {@code join}, {@code interrupt}... is one volatile read.
     */
    private static volatile boolean anyConverted;
    /** Converted threads whose greenlet has not ended, by the program's {@code Thread} object. */
    private static final Map<Thread, ConvertedThread> LIVE = new ConcurrentHashMap<>();
    /** The same, by the greenlet's own thread. */
    private static final Map<Thread, ConvertedThread> RUNNERS = new ConcurrentHashMap<>();
    /** Threads made by a pool's default factory in hub code: converted when the pool starts them. */
    private static final Set<Thread> MARKED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Where gevent4j's own classes come from (core, and the agent), so threads they start stay platform threads. */
    private static final Set<String> OWN_CODE =
            Set.copyOf(List.of(location(Cooperative.class), location(ConvertedThread.class)));
    /**
     * The JDK's classes (boot or platform loader) and gevent4j's own (its package, from its own jar or
     * directory: an application shaded into the same jar, or gevent4j's tests, are the application).
     */
    private static final ClassValue<Boolean> JDK_OR_OWN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            return loader == null
                    || loader == ClassLoader.getPlatformClassLoader()
                    || (type.getName().startsWith("io.gevent4j.") && OWN_CODE.contains(location(type)));
        }
    };

    final Thread thread;
    final Greenlet<Void> greenlet;
    final Thread runner;
    private final Hub hub;
    private final boolean daemon;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** Timed waits the runner is in that park it untimed (hub timers): its state then reads TIMED_WAITING. */
    private volatile int timedWaits;

    private ConvertedThread(Thread thread) {
        this.thread = thread;
        this.daemon = thread.isDaemon();
        this.greenlet = Greenlet.of(this::run);
        this.runner = greenlet.thread();
        this.hub = greenlet.hub();
        greenlet.setName(thread.getName());
        runner.setContextClassLoader(thread.getContextClassLoader());
        // What the thread inherited when it was made, not what its starter holds now.
        INHERITABLE.set(runner, INHERITABLE.get(thread));
        if ((boolean) INTERRUPTED.getVolatile(thread)) {
            runner.interrupt(); // interrupted before start: it starts interrupted, as a platform thread does
        }
    }

    /** Whether any thread has been converted yet. */
    static boolean anyConverted() {
        return anyConverted;
    }

    /** Verifies that this JDK has every internal the patch uses (loading the class does). */
    static void checkAvailable() {
        Objects.requireNonNull(HOLDER);
    }

    // ---- starting ------------------------------------------------------------------------------

    /**
     * {@code Thread.start()} ({@code fromPool}: the package-private {@code start(ThreadContainer)} of
     * pools) in hub code: runs {@code t} as a greenlet of the caller's hub and returns true; or returns
     * false and the JDK starts it (not hub code, a thread the JDK or gevent4j starts for itself, a pool
     * thread not made by the default factory in hub code, or a thread started already, which the JDK
     * then refuses).
     */
    static boolean start(Thread t, boolean fromPool) {
        if (t.isVirtual() || !Cooperative.applies()) {
            return false;
        }
        Class<?> starter = null;
        if (fromPool) {
            if (!MARKED.remove(t)) {
                return false;
            }
        } else if ((starter = applicationStarter()) == null) {
            return false;
        }
        if (ThreadExclusions.any()
                && ThreadExclusions.excludes(
                        t, fromPool ? firstApplicationClass() : starter, (Runnable) TASK.get(HOLDER.get(t)))) {
            return false; // excluded: the JDK starts it, a platform thread
        }
        ConvertedThread c;
        synchronized (t) { // the JDK's start holds this monitor while it checks and sets the status
            Object holder = HOLDER.get(t);
            if ((int) STATUS.getVolatile(holder) != 0) {
                return false; // started already: the JDK throws IllegalThreadStateException
            }
            try {
                c = new ConvertedThread(t);
            } catch (RuntimeException | Error e) {
                return false; // no greenlet to be had here: a platform thread it is
            }
            STATUS.setVolatile(holder, STATUS_RUNNABLE);
            RUNNERS.put(c.runner, c);
            LIVE.put(t, c);
            anyConverted = true;
        }
        c.greenlet.rawlink(c::terminate); // in case it is killed before it runs: run() then never does
        c.greenlet.start();
        return true;
    }

    /** A thread made by {@code Executors.defaultThreadFactory()} (or the like) in hub code. */
    static void markForPool(Thread t) {
        MARKED.add(t);
    }

    /**
     * The class whose code called {@code Thread.start()}, if it is the application's (not the JDK's,
     * not gevent4j's); else null.
     */
    private static Class<?> applicationStarter() {
        Class<?> caller = WALKER.walk(frames -> frames.dropWhile(f -> !(f.getDeclaringClass() == Thread.class
                        && f.getMethodName().equals("start")))
                .skip(1)
                .findFirst()
                .map(StackWalker.StackFrame::getDeclaringClass)
                .orElse(null));
        return caller != null && !JDK_OR_OWN.get(caller) ? caller : null;
    }

    /** The innermost application class on the stack (what made a pool start a worker), or null. */
    private static Class<?> firstApplicationClass() {
        return WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !JDK_OR_OWN.get(c))
                .findFirst()
                .orElse(null));
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "" : url.toString();
    }

    // ---- the greenlet ----------------------------------------------------------------------------

    private void run() {
        try {
            thread.run();
        } catch (GreenletExit killed) {
            throw killed; // killed through gevent4j: it ends quietly, as a greenlet does
        } catch (Throwable e) {
            dispatchUncaughtException(e);
        } finally {
            terminate();
        }
    }

    /** What the JVM does with what {@code run()} threw: the thread's handler, else its group (then the default handler). */
    private void dispatchUncaughtException(Throwable e) {
        try {
            Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
            if (handler != null) {
                handler.uncaughtException(thread, e);
            }
        } catch (Throwable ignored) {
            // The JVM ignores what the handler throws.
        }
    }

    private void terminate() {
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        NAME.setVolatile(thread, runner.getName());
        INTERRUPTED.setVolatile(thread, runner.isInterrupted());
        STATUS.setVolatile(HOLDER.get(thread), STATUS_TERMINATED);
        LIVE.remove(thread);
        RUNNERS.remove(runner);
        done.countDown();
        synchronized (thread) {
            thread.notifyAll(); // as the JVM does when a thread ends, for code that waits on the object
        }
    }

    // ---- the program's Thread object answering for its greenlet -----------------------------------

    /** The live conversion of {@code t}, or null ({@code t} never converted, or its greenlet ended). */
    static ConvertedThread of(Thread t) {
        return LIVE.get(t);
    }

    Thread.State state() {
        return switch (runner.getState()) {
            case NEW -> Thread.State.RUNNABLE; // started, not yet mounted
            case WAITING -> timedWaits > 0 ? Thread.State.TIMED_WAITING : Thread.State.WAITING;
            default -> runner.getState();
        };
    }

    /** {@code Thread.join(millis)}: returns true when done, or false for the JDK's own argument check. */
    boolean join(long millis) throws InterruptedException {
        if (millis < 0) {
            return false;
        }
        long nanos = millis == 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(millis);
        if (!Cooperative.applies()) {
            if (nanos < 0) {
                done.await();
            } else {
                done.await(nanos, TimeUnit.NANOSECONDS);
            }
            return true;
        }
        ConvertedThread self = nanos < 0 ? null : beginTimedWait();
        try {
            Cooperative.awaitNanos(greenlet, nanos);
        } catch (InterruptedException e) {
            throw new InterruptedException(); // the JDK's join says nothing more
        } finally {
            endTimedWait(self);
        }
        return true;
    }

    /** {@code setName} on either thread of a conversion: the other one follows (no lock, no advice). */
    static void renamed(Thread t, String name) {
        ConvertedThread c = LIVE.get(t);
        if (c == null) {
            c = RUNNERS.get(t);
        }
        if (c != null) {
            NAME.setVolatile(t == c.thread ? c.runner : c.thread, name);
        }
    }

    /**
     * The current greenlet marks a wait that parks it untimed but stands for a timed one (a patched
     * {@code Thread.sleep}, a timed {@code join}); returns the handle for {@link #endTimedWait}.
     */
    static ConvertedThread beginTimedWait() {
        if (!anyConverted) {
            return null;
        }
        ConvertedThread c = RUNNERS.get(Thread.currentThread());
        if (c != null) {
            c.timedWaits++; // only the runner writes it
        }
        return c;
    }

    static void endTimedWait(ConvertedThread c) {
        if (c != null) {
            c.timedWaits--;
        }
    }

    // ---- what a greenlet's own thread stands for --------------------------------------------------

    /**
     * The platform thread the calling greenlet stands for: a converted thread's own object, else its
     * hub's thread. Its group and daemon status are what {@code getThreadGroup()} and
     * {@code isDaemon()} report inside, so threads made there get them, as without the agent.
     */
    static Thread standIn() {
        ConvertedThread c = RUNNERS.get(Thread.currentThread());
        if (c != null) {
            return c.thread;
        }
        Greenlet<?> g = Gevent.getCurrent();
        return g == null ? null : g.hub().thread();
    }

    // ---- exit --------------------------------------------------------------------------------

    /**
     * A hub's platform thread is ending ({@code Thread.exit}, which the JVM also runs for {@code main}
     * before {@code DestroyJavaVM}): its non-daemon converted threads would have kept the JVM alive,
     * so run the hub until they are done. Daemon ones run meanwhile and are abandoned after.
     */
    static void hubThreadExits() {
        Hub hub = Hub.current();
        while (true) {
            List<Greenlet<Void>> pending = LIVE.values().stream()
                    .filter(c -> c.hub == hub && !c.daemon)
                    .map(c -> c.greenlet)
                    .toList();
            if (pending.isEmpty()) {
                return;
            }
            try {
                Gevent.joinAll(pending);
            } catch (LoopExit stuck) {
                return; // they wait on one another for ever: nothing can end them
            }
        }
    }
}
