package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.monkey.weave.HubCheck;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;

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
    private static final String EXECUTORS = "java.util.concurrent.Executors";
    private static final String FACTORY = "java.util.concurrent.Executors$DefaultThreadFactory";

    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public ExecutorsPatch() {}

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public void declare(Patching patching) throws ClassNotFoundException {
        // Loaded first: transforming Executors loads its nested classes while Byte Buddy's transformer
        // is busy, which would leave the factory untransformed.
        Class.forName(EXECUTORS, false, null);
        Class.forName(FACTORY, false, null);
        patching.method(FACTORY, "newThread", Runnable.class).advise(NewThread.class);
        patching.method(EXECUTORS, "newWorkStealingPool").advise(WorkStealingPool.class);
        patching.method(EXECUTORS, "newWorkStealingPool", int.class).advise(WorkStealingPool.class);
    }

    // ---- advice: woven as calls through the bootstrap bridge ---------------------------------------

    /** {@code Executors$DefaultThreadFactory.newThread}: a thread made in hub code is marked. */
    static final class NewThread {
        @Advice.OnMethodExit(inline = false)
        static void exit(@Advice.Return Thread made) {
            if (made != null && HubCheck.applies()) {
                ConvertedThread.markForPool(made);
            }
        }
    }

    /** {@code Executors.newWorkStealingPool}: in hub code, a pool whose workers are greenlets instead. */
    static final class WorkStealingPool {
        @Advice.OnMethodExit(inline = false)
        @Advice.AssignReturned.ToReturned
        static ExecutorService exit(@Advice.Return ExecutorService made) {
            return made instanceof ForkJoinPool pool && HubCheck.applies() ? replace(pool) : null;
        }
    }

    private static ExecutorService replace(ForkJoinPool made) {
        int parallelism = made.getParallelism();
        made.shutdown(); // it has started no thread yet
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                parallelism, parallelism, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new WorkStealingThreads());
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
