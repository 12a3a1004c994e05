package io.gevent4j.threadpool;

import io.gevent4j.Hub;
import io.gevent4j.Waiter;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of platform threads that runs blocking work for greenlets (gevent's
 * {@code gevent.threadpool.ThreadPool}): {@link #apply} hands a task to a pool thread and parks only
 * the calling greenlet until it is done, so a call the JDK cannot make cooperative (a file or pipe
 * read, a DNS look-up) never stalls the hub.
 *
 * <p>Each hub has its own pool ({@link #ofHub}), created on first use with
 * {@link #DEFAULT_MAX_SIZE} threads (system property {@code gevent4j.threadpool.size}, default 10 as in
 * gevent). Threads are daemons, start on demand and end after a minute idle. The pool uses its own
 * thread factory, so its threads are plain platform threads, never greenlets, whatever thread submits.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class ThreadPool implements AutoCloseable {
    /** Threads per hub pool unless {@code -Dgevent4j.threadpool.size} says otherwise. */
    public static final int DEFAULT_MAX_SIZE = Math.max(1, Integer.getInteger("gevent4j.threadpool.size", 10));

    private static final Map<Hub, ThreadPool> POOLS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final int maxSize;

    /** A pool of at most {@code maxSize} threads. */
    public ThreadPool(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        this.maxSize = maxSize;
        this.executor = new ThreadPoolExecutor(maxSize, maxSize, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Factory("gevent4j-threadpool-" + POOL_IDS.incrementAndGet()));
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** The pool of {@code hub}, created on first use. */
    public static ThreadPool ofHub(Hub hub) {
        Objects.requireNonNull(hub, "hub");
        return POOLS.computeIfAbsent(hub, h -> new ThreadPool(DEFAULT_MAX_SIZE));
    }

    /** The pool of the calling thread's hub. */
    public static ThreadPool current() {
        return ofHub(Hub.current());
    }

    public int maxSize() {
        return maxSize;
    }

    /**
     * Runs {@code task} on a pool thread and returns its result, or rethrows exactly what it threw
     * (checked exceptions included, undeclared). The calling greenlet parks meanwhile; on a hub's own
     * thread the hub runs; any other thread simply blocks.
     *
     * <p>A kill or {@code Timeout} of the caller ends the wait, but the task already handed to a
     * thread runs to its end (a blocked native read cannot be abandoned); its result is dropped.
     */
    public <T> T apply(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Job<T> job = new Job<>(task, new Waiter());
        Hub.KeepAlive keepAlive = Hub.current().keepAlive();
        try {
            executor.execute(job);
            job.waiter.await();
        } finally {
            keepAlive.close();
        }
        if (job.failure != null) {
            throw ThreadPool.<RuntimeException>sneaky(job.failure);
        }
        return job.result;
    }

    /** Stops accepting work; threads end once their current task is done. */
    @Override
    public void close() {
        executor.shutdown();
        POOLS.values().remove(this);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static final class Job<T> implements Runnable {
        final Callable<T> task;
        final Waiter waiter;
        T result;
        Throwable failure;

        Job(Callable<T> task, Waiter waiter) {
            this.task = task;
            this.waiter = waiter;
        }

        @Override
        public void run() {
            try {
                result = task.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                waiter.wake(); // the volatile write publishes result and failure
            }
        }
    }

    private static final class Factory implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger ids = new AtomicInteger();

        Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = Thread.ofPlatform().daemon().name(prefix + "-" + ids.incrementAndGet()).unstarted(r);
            return t;
        }
    }
}
