package io.gevent4j.monkey.bridge;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The only gevent4j class in the bootstrap class loader. Advice inlined into JDK classes
 * ({@code java.lang.Thread}, {@code java.io.FileInputStream}, ...) can only see bootstrap classes, so
 * it calls these static methods, which forward to the agent-side implementation installed by
 * {@code io.gevent4j.monkey.Agent}.
 *
 * <p>This class must reach the JVM only through {@code Instrumentation.appendToBootstrapClassLoaderSearch}:
 * the agent jar stores it under {@code META-INF/gevent4j/bridge/}, never at its class path location, so
 * the application class loader cannot load a second copy. It depends on {@code java.base} only.
 */
public final class Bridge {
    /** Operation codes understood by the installed handler (see {@code io.gevent4j.monkey.Agent}). */
    public static final int SLEEP_NANOS = 0;
    public static final int FILE_READ = 1;
    public static final int RANDOM_ACCESS_READ = 2;
    public static final int DNS = 3;
    public static final int THREAD = 4;
    public static final int EXECUTORS = 5;
    public static final int PROCESS_START = 6;

    /** Returned by {@link #call} when the handler declines: the advised method then runs unchanged. */
    public static final Object NOT_HANDLED = new Object();

    /**
     * Set once the thread patch has turned a {@code Thread} into a greenlet: until then the advice on
     * {@code isAlive}, {@code getState}, {@code join}, {@code interrupt}... is one volatile read.
     */
    public static volatile boolean threadsConverted;

    /**
     * The socket patch's hot path: call sites the JIT inlines through once the socket patch has pointed
     * them at gevent4j-core (until then they answer "not handled"), so a socket wait allocates nothing and
     * costs no indirect call on its way to the hub. Targets: {@code (int fd, int event, long nanos,
     * BooleanSupplier isOpen) boolean} for {@code sun.nio.ch.Poller.poll}, {@code (int fd, int event)}
     * for {@code stopPoll}, {@code (FileDescriptor)} for a socket's close, {@code (FileDescriptor) boolean}
     * before and {@code (FileDescriptor, int len, int n)} after a socket read.
     */
    private static final MutableCallSite SOCKET_POLL = site(boolean.class, int.class, int.class, long.class, BooleanSupplier.class);
    private static final MutableCallSite SOCKET_STOP = site(void.class, int.class, int.class);
    private static final MutableCallSite SOCKET_CLOSING = site(void.class, FileDescriptor.class);
    private static final MutableCallSite SOCKET_SKIP_READ = site(boolean.class, FileDescriptor.class);
    private static final MutableCallSite SOCKET_READ_DONE = site(void.class, FileDescriptor.class, int.class, int.class);
    private static final MethodHandle POLL = SOCKET_POLL.dynamicInvoker();
    private static final MethodHandle STOP = SOCKET_STOP.dynamicInvoker();
    private static final MethodHandle CLOSING = SOCKET_CLOSING.dynamicInvoker();
    private static final MethodHandle SKIP_READ = SOCKET_SKIP_READ.dynamicInvoker();
    private static final MethodHandle READ_DONE = SOCKET_READ_DONE.dynamicInvoker();

    /** A call site whose first target does nothing and answers false (or nothing). */
    private static MutableCallSite site(Class<?> returns, Class<?>... parameters) {
        MethodType type = MethodType.methodType(returns, parameters);
        MethodHandle nothing = returns == boolean.class
                ? MethodHandles.constant(boolean.class, false)
                : MethodHandles.zero(void.class);
        return new MutableCallSite(MethodHandles.dropArguments(nothing, 0, parameters).asType(type));
    }

    private static volatile BooleanSupplier applies;
    private static volatile BiFunction<Integer, Object[], Object> handler;
    /** Set while {@link #applies} runs on a thread: a patched call made by that check itself (a class load reading a jar) runs unpatched. */
    private static final ThreadLocal<Boolean> CHECKING = new ThreadLocal<>();

    private Bridge() {}

    /** Called once by the agent (reflectively, from the application class loader). */
    public static void install(BooleanSupplier applies, BiFunction<Integer, Object[], Object> handler) {
        Bridge.handler = handler;
        Bridge.applies = applies;
    }

    /** Called once by the socket patch, with handles of the types listed at {@link #SOCKET_POLL}. */
    public static void installSocketWaits(MethodHandle poll, MethodHandle stop, MethodHandle closing,
                                          MethodHandle skipRead, MethodHandle readDone) {
        SOCKET_STOP.setTarget(stop);
        SOCKET_CLOSING.setTarget(closing);
        SOCKET_READ_DONE.setTarget(readDone);
        SOCKET_SKIP_READ.setTarget(skipRead);
        SOCKET_POLL.setTarget(poll);
        MutableCallSite.syncAll(new MutableCallSite[] {SOCKET_STOP, SOCKET_CLOSING, SOCKET_READ_DONE, SOCKET_SKIP_READ, SOCKET_POLL});
    }

    /** Waits the hub-aware way and returns true, or returns false so that the JDK's poller waits. */
    public static boolean pollSocket(int fd, int event, long nanos, BooleanSupplier isOpen) {
        try {
            return (boolean) POLL.invokeExact(fd, event, nanos, isOpen);
        } catch (Throwable e) {
            throw Bridge.<RuntimeException>sneaky(e); // the IOException that Poller.poll declares
        }
    }

    /** A socket is being closed or shut down: wake whoever waits on it on a hub. */
    public static void stopSocketPoll(int fd, int event) {
        try {
            STOP.invokeExact(fd, event);
        } catch (Throwable e) {
            throw Bridge.<RuntimeException>sneaky(e);
        }
    }

    /** A socket's descriptor is about to be closed: hubs forget it. */
    public static void socketClosing(FileDescriptor fd) {
        try {
            CLOSING.invokeExact(fd);
        } catch (Throwable e) {
            throw Bridge.<RuntimeException>sneaky(e);
        }
    }

    /** Whether a socket read can be answered "nothing available" without a system call. */
    public static boolean skipSocketRead(FileDescriptor fd) {
        try {
            return (boolean) SKIP_READ.invokeExact(fd);
        } catch (Throwable e) {
            throw Bridge.<RuntimeException>sneaky(e);
        }
    }

    /** A socket read into {@code len} bytes returned {@code n}. */
    public static void socketReadDone(FileDescriptor fd, int len, int n) {
        try {
            READ_DONE.invokeExact(fd, len, n);
        } catch (Throwable e) {
            throw Bridge.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
        throw (T) e;
    }

    /** Cheap test made by every advised call: is the caller a greenlet (or a hub's own thread)? */
    public static boolean applies() {
        BooleanSupplier a = applies;
        if (a == null || CHECKING.get() != null) {
            return false;
        }
        CHECKING.set(Boolean.TRUE);
        try {
            return a.getAsBoolean();
        } finally {
            CHECKING.remove();
        }
    }

    /**
     * Runs operation {@code op} the hub-aware way and returns its result, or {@link #NOT_HANDLED}.
     * Exceptions of the original call (checked ones included) propagate unchanged.
     */
    public static Object call(int op, Object[] args) {
        BiFunction<Integer, Object[], Object> h = handler;
        return h == null ? NOT_HANDLED : h.apply(op, args);
    }
}
