package io.gevent4j;

import io.gevent4j.internal.Rethrow;
import io.gevent4j.internal.Threads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * The one place that reaches into the JDK for what it does not yet publish: a virtual thread with a
 * scheduler of our choosing, and a way to read that scheduler back.
 *
 * <p>JDK 21 to 25 expose a custom scheduler only through the package-private
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)} constructor. Reaching it needs
 * {@code java.lang} opened to gevent4j ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, an
 * {@code Add-Opens} manifest entry, or the patch agent). When a public scheduler API arrives, this
 * file is the one to replace.
 */
final class VirtualThreads {
    static final String OPENS_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";
    static final String POLLER_MODE = "jdk.pollerMode";

    private static final MethodHandle NEW_BUILDER;
    private static final VarHandle SCHEDULER;
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle newBuilder = null;
        VarHandle scheduler = null;
        Throwable unavailable = null;
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            MethodHandles.Lookup builderLookup = MethodHandles.privateLookupIn(builderClass, MethodHandles.lookup());
            newBuilder = builderLookup
                    .findConstructor(builderClass, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            Class<?> virtualThreadClass = Class.forName("java.lang.VirtualThread");
            scheduler = MethodHandles.privateLookupIn(virtualThreadClass, MethodHandles.lookup())
                    .findVarHandle(virtualThreadClass, "scheduler", Executor.class);
            keepIoPollersOffAnyHub();
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = e;
        }
        NEW_BUILDER = newBuilder;
        SCHEDULER = scheduler;
        UNAVAILABLE = unavailable;
    }

    private VirtualThreads() {}

    /** Throws a clear error when this JVM does not let gevent4j install greenlet schedulers. */
    static void ensureAvailable() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(
                    "gevent4j cannot create greenlets: java.lang is not open to it. "
                            + "Start the JVM with " + OPENS_FLAG + " (or load the gevent4j patch agent, "
                            + "or run an executable jar whose manifest says Add-Opens: java.base/java.lang). "
                            + "Cause: " + UNAVAILABLE,
                    UNAVAILABLE);
        }
    }

    /** An unstarted virtual thread whose every mount is submitted to {@code scheduler}. */
    static Thread newThread(Executor scheduler, Runnable body) {
        ensureAvailable();
        try {
            Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
            return builder.unstarted(body);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** The scheduler a virtual thread submits its continuation to. */
    static Executor schedulerOf(Thread virtualThread) {
        return SCHEDULER == null ? null : (Executor) SCHEDULER.get(virtualThread);
    }

    /**
     * On JDK 22+ Linux the JDK's default I/O pollers are virtual threads created when
     * {@code sun.nio.ch.Poller} initialises, and they inherit the scheduler of the thread that triggers
     * it: the first greenlet to wait on a socket would strand the JVM's pollers on its hub. So unless the
     * application chose a poller mode itself, gevent4j selects the JDK's platform-thread pollers
     * ({@code jdk.pollerMode=1}, JDK 21's design), which inherit nothing and cost nothing until the
     * first socket wait. When the application asked for virtual-thread pollers, they are initialised
     * now, from a platform thread.
     */
    private static void keepIoPollersOffAnyHub() {
        String mode = System.getProperty(POLLER_MODE);
        if (mode == null) {
            System.setProperty(POLLER_MODE, "1");
        } else if (!mode.equals("1") && !mode.equalsIgnoreCase("SYSTEM_THREADS")) {
            initialiseIoPollersOffAnyHub();
        }
    }

    private static void initialiseIoPollersOffAnyHub() {
        if (Thread.currentThread().isVirtual()) {
            // A class of its own: code of this class would wait for this very initialisation to finish.
            Threads.joinUninterruptibly(
                    Thread.ofPlatform().daemon().name("gevent4j-poller-init").start(new PollerLoader()));
        } else {
            loadPoller();
        }
    }

    private static void loadPoller() {
        new PollerLoader().run();
    }

    private static final class PollerLoader implements Runnable {
        @Override
        public void run() {
            try {
                Class.forName("sun.nio.ch.Poller", true, null);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // A JDK without the poller has nothing to strand.
            }
        }
    }
}
