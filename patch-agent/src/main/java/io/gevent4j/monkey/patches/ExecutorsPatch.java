package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Thread pools (patch "thread", with {@link ThreadPatch}). A pool starts its workers through the
 * package-private {@code Thread.start(ThreadContainer)}, never through {@code start()}, so the
 * thread patch converts a pool's worker only when the thread was marked here:
 * <ul>
 *   <li>{@code Executors.defaultThreadFactory().newThread(r)} called in hub code (so by every
 *   {@code newFixedThreadPool}, {@code newCachedThreadPool}, {@code newSingleThreadExecutor},
 *   {@code newScheduledThreadPool}... and every {@code ThreadPoolExecutor} built with the default
 *   factory, when hub code makes it add a worker): the thread it returns is the JDK's own, named,
 *   grouped and non-daemon as usual, and marked; when the pool starts it from hub code it runs as a
 *   greenlet of that hub. Pool size, queueing, shutdown and futures are the pool's own code,
 *   unchanged.</li>
 *   <li>{@code Executors.newWorkStealingPool()} / {@code (int)} called in hub code: a
 *   {@code ForkJoinPool}'s workers must be {@code ForkJoinWorkerThread}s, which a greenlet cannot be,
 *   so the pool returned is a {@code ThreadPoolExecutor} of that parallelism (threads made on demand,
 *   ended after 60 s idle, daemon as a {@code ForkJoinPool}'s) whose workers are greenlets. It is
 *   an {@code ExecutorService} as declared, not a {@code ForkJoinPool}.</li>
 * </ul>
 * The common {@code ForkJoinPool} (parallel streams, {@code CompletableFuture}'s async methods) and
 * pools with a factory of their own keep platform threads.
 */
public final class ExecutorsPatch implements Patch {
    static final int MARK = 0;
    static final int WORK_STEALING = 1;

    @Override
    public void install(Instrumentation inst) {
        // Loaded first: transforming Executors loads its nested classes while Byte Buddy's transformer
        // is busy, which would leave the factory untransformed.
        for (String name : new String[] {"java.util.concurrent.Executors", "java.util.concurrent.Executors$DefaultThreadFactory"}) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        Patch.transform(inst, "java.util.concurrent.Executors$DefaultThreadFactory", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(NewThread.class).on(isPublic().and(named("newThread")).and(takesArguments(Runnable.class))))));
        Patch.transform(inst, "java.util.concurrent.Executors", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(WorkStealingPool.class).on(isPublic().and(isStatic()).and(named("newWorkStealingPool"))))));
    }

    // ---- advice ------------------------------------------------------------------------------------

    /** Inlined into {@code Executors$DefaultThreadFactory.newThread}. */
    static final class NewThread {
        @Advice.OnMethodExit
        static void exit(@Advice.Return Thread made) {
            if (made != null && Bridge.applies()) {
                Bridge.call(Bridge.EXECUTORS, new Object[] {MARK, made});
            }
        }
    }

    /** Inlined into {@code Executors.newWorkStealingPool}. */
    static final class WorkStealingPool {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object pool) {
            if (Bridge.applies()) {
                Object r = Bridge.call(Bridge.EXECUTORS, new Object[] {WORK_STEALING, pool});
                if (r != Bridge.NOT_HANDLED) {
                    pool = r;
                }
            }
        }
    }

    // ---- target ------------------------------------------------------------------------------------

    /** {@code args}: operation, then the thread made or the pool made. */
    public static Object call(Object[] args) {
        if ((Integer) args[0] == MARK) {
            ConvertedThread.markForPool((Thread) args[1]);
            return null;
        }
        if (!(args[1] instanceof ForkJoinPool made)) {
            return Bridge.NOT_HANDLED;
        }
        int parallelism = made.getParallelism();
        made.shutdown(); // it has started no thread yet
        ThreadPoolExecutor pool = new ThreadPoolExecutor(parallelism, parallelism, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new WorkStealingThreads());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Daemon threads, as a {@code ForkJoinPool}'s, marked to run as greenlets. */
    private static final class WorkStealingThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final String prefix = "WorkStealingPool-" + POOLS.incrementAndGet() + "-worker-";
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + ids.incrementAndGet());
            t.setDaemon(true);
            ConvertedThread.markForPool(t);
            return t;
        }
    }
}
