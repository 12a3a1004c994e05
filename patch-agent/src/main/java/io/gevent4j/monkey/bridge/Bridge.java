package io.gevent4j.monkey.bridge;

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

    /** Returned by {@link #call} when the handler declines: the advised method then runs unchanged. */
    public static final Object NOT_HANDLED = new Object();

    /**
     * Set once the thread patch has turned a {@code Thread} into a greenlet: until then the advice on
     * {@code isAlive}, {@code getState}, {@code join}, {@code interrupt}... is one volatile read.
     */
    public static volatile boolean threadsConverted;

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
