package io.gevent4j.threadpool;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.Waiter;
import io.gevent4j.internal.Report;
import io.gevent4j.internal.Rethrow;
import io.gevent4j.jfr.Jfr;
import io.gevent4j.jfr.OffloadEvent;
import io.gevent4j.lock.Semaphore;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded pool of platform threads that runs blocking work for greenlets (gevent's
 * {@code gevent.threadpool.ThreadPool}): {@link #apply} hands a task to a pool thread and parks only
 * the calling greenlet until it is done, so a call the JDK cannot make cooperative (a file or pipe
 * read, a DNS look-up) never stalls the hub.
 *
 * <p>Each hub has its own pool ({@link #ofHub}), created on first use with room for
 * {@link #DEFAULT_MAX_SIZE} calls at once (system property {@code gevent4j.threadpool.size}, default
 * 256: gevent's 10 would make the 11th concurrent file read wait for the first). A thread starts only
 * when no idle one is there, and ends after a minute idle. Beyond the limit, callers wait for a free
 * thread in arrival order, cooperatively. The pool uses its own thread factory, so its threads are
 * plain platform threads, never greenlets, whatever thread submits.
 *
 * <p>Thread-safety: every method may be called from any thread.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #apply} happen-before the
 * task runs on the pool thread, and the task's actions happen-before {@code apply} returns.
 */
public final class ThreadPool implements AutoCloseable {
    /** Threads per hub pool unless {@code -Dgevent4j.threadpool.size} says otherwise. */
    public static final int DEFAULT_MAX_SIZE = Math.max(1, Integer.getInteger("gevent4j.threadpool.size", 256));

    private static final Map<Hub, ThreadPool> POOLS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final int maxSize;
    /** One permit per thread the pool may use; held from hand-off until the task ends. */
    private final Semaphore slots;

    /**
     * A pool of at most {@code maxSize} threads.
     *
     * @param maxSize the most calls that run at once
     * @throws IllegalArgumentException if {@code maxSize < 1}
     */
    public ThreadPool(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        this.maxSize = maxSize;
        this.slots = new Semaphore(maxSize);
        // Unbounded on its own, but never given more than maxSize tasks at once (the slots).
        this.executor = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                new Factory("gevent4j-threadpool-" + POOL_IDS.incrementAndGet()));
    }

    /**
     * The pool of {@code hub}, created on first use.
     *
     * @param hub the hub
     * @return its pool
     * @throws NullPointerException if {@code hub} is null
     */
    public static ThreadPool ofHub(Hub hub) {
        Objects.requireNonNull(hub, "hub");
        return POOLS.computeIfAbsent(hub, h -> new ThreadPool(DEFAULT_MAX_SIZE));
    }

    /**
     * The pool of the calling thread's hub.
     *
     * @return its pool
     */
    public static ThreadPool current() {
        return ofHub(Hub.current());
    }

    /**
     * The most calls that run at once.
     *
     * @return the size limit
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Runs {@code task} on a pool thread and returns its result, or rethrows exactly what it threw
     * (checked exceptions included, undeclared). The calling greenlet parks meanwhile; on a hub's own
     * thread the hub runs; any other thread simply blocks.
     *
     * <p>Exactly-once: a kill or {@code Timeout} of the caller that comes while the task waits for a
     * free thread, or runs, ends the wait with that exception; the task already handed to a thread runs
     * to its end (a blocked native call cannot be abandoned) and its result is dropped. If the task had
     * finished when the exception came, the call returns its result and the exception is raised at the
     * caller's next blocking point instead.
     *
     * @param <T> the result type
     * @param task what to run
     * @return what the task returned
     * @throws NullPointerException if {@code task} is null
     */
    public <T> T apply(Callable<T> task) {
        return apply("task", task);
    }

    /**
     * As {@link #apply(Callable)}, naming the blocking call for the JFR {@link OffloadEvent} that
     * records it (e.g. {@code "FileInputStream.read"}).
     *
     * @param <T> the result type
     * @param api the blocking call's name
     * @param task what to run
     * @return what the task returned
     * @throws NullPointerException if an argument is null
     */
    public <T> T apply(String api, Callable<T> task) {
        return apply(api, task, null);
    }

    /**
     * As {@link #apply(String, Callable)}, for a task whose result holds a resource (a started process,
     * an open descriptor): when the caller was killed or timed out before the result reached it,
     * {@code release} is called with the result on the pool thread, so nothing is leaked.
     *
     * @param <T> the result type
     * @param api the blocking call's name
     * @param task what to run
     * @param release what frees an abandoned result; null when there is nothing to free
     * @return what the task returned
     * @throws NullPointerException if {@code api} or {@code task} is null
     */
    public <T> T apply(String api, Callable<T> task, Consumer<? super T> release) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(task, "task");
        if (!Jfr.started()) {
            return run(task, release);
        }
        OffloadEvent event = new OffloadEvent();
        event.begin();
        try {
            return run(task, release);
        } finally {
            event.end();
            if (event.shouldCommit()) {
                event.api = api;
                Greenlet<?> g = Gevent.getCurrent();
                event.greenlet = g == null ? Thread.currentThread().getName() : g.name();
                event.commit();
            }
        }
    }

    private <T> T run(Callable<T> task, Consumer<? super T> release) {
        Job<T> job = new Job<>(task, release, new Waiter(), slots);
        Hub.KeepAlive keepAlive = Hub.current().keepAlive();
        try {
            slots.acquire();
            try {
                executor.execute(job);
            } catch (RuntimeException | Error e) {
                slots.release();
                throw e;
            }
            try {
                job.waiter.await();
            } catch (RuntimeException e) {
                if (job.abandon()) {
                    throw e;
                }
                job.waiter.raiseAtNextWait(e); // it finished first: the result is the caller's
            }
        } finally {
            keepAlive.close();
        }
        if (job.failure != null) {
            throw Rethrow.unchecked(job.failure);
        }
        return job.result;
    }

    /** Stops accepting work; threads end once their current task is done. */
    @Override
    public void close() {
        executor.shutdown();
        POOLS.values().remove(this);
    }

    private static final class Job<T> implements Runnable {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ABANDONED = 2;

        final Callable<T> task;
        /** Called with the result when the caller abandoned the job first; null when nothing to release. */
        final Consumer<? super T> release;

        final Waiter waiter;
        final Semaphore slots;
        T result;
        Throwable failure;
        /** RUNNING, then DONE (set by the pool thread) or ABANDONED (by the caller): whoever moves it first decides who owns the result. */
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Job(Callable<T> task, Consumer<? super T> release, Waiter waiter, Semaphore slots) {
            this.task = task;
            this.release = release;
            this.waiter = waiter;
            this.slots = slots;
        }

        /** For the caller, whose wait failed: gives the result up unless the task already finished. */
        boolean abandon() {
            return state.compareAndSet(RUNNING, ABANDONED);
        }

        @Override
        public void run() {
            try {
                result = task.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                slots.release();
                // The state change publishes result and failure to a caller that sees DONE.
                if (state.compareAndSet(RUNNING, DONE)) {
                    waiter.wake();
                } else if (release != null && failure == null && result != null) {
                    try {
                        release.accept(result);
                    } catch (RuntimeException | Error e) {
                        Report.failure(Report.THREADPOOL, "releasing the result of an abandoned " + task, e);
                    }
                }
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
            Thread t = Thread.ofPlatform()
                    .daemon()
                    .name(prefix + "-" + ids.incrementAndGet())
                    .unstarted(r);
            return t;
        }
    }
}
