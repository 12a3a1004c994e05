package io.gevent4j.pool;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Hub;
import io.gevent4j.event.AsyncResult;
import io.gevent4j.event.Event;
import io.gevent4j.internal.Latches;
import io.gevent4j.internal.Rethrow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link ExecutorService} whose tasks run as greenlets of one {@link Hub}: any library that takes
 * an {@code Executor} (the JDK's {@code HttpServer}, a gRPC server, {@code CompletableFuture.*Async})
 * then runs its work cooperatively, with no agent.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8000), 0);
 * server.setExecutor(Gevent.executor());        // every exchange is a greenlet of one new hub
 * }</pre>
 *
 * <p>Obtained for a hub ({@link #of(Hub)}, {@link Gevent#executor(Hub)}), whose thread must wait
 * cooperatively for the tasks to run, or for a new hub on a platform thread of its own
 * ({@link #onNewHub()}, {@link Gevent#executor()}), which ends once the executor has terminated. That
 * thread is not a daemon, as a {@code ThreadPoolExecutor}'s are not: shut the executor down.
 *
 * <p>The futures are {@link AsyncResult}s, so a greenlet waiting on one parks only itself, and
 * {@code get()} rethrows a task's failure as itself (see {@code AsyncResult}). Cancelling a future
 * keeps its task from starting; a task already running runs on and its result is dropped.
 * {@link #shutdownNow()}, and {@link #invokeAll}/{@link #invokeAny} for the tasks they give up on,
 * kill running tasks instead ({@link GreenletExit} at their next blocking point). A task given to
 * {@link #execute} that throws is reported on stderr, as a failed greenlet is.
 *
 * <p>As every gevent4j wait, {@link #awaitTermination}, {@link #invokeAll} and {@link #invokeAny} are
 * not ended by an interrupt (they never throw {@code InterruptedException}); a kill or a
 * {@link io.gevent4j.Timeout} ends them.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class GreenletExecutor implements ExecutorService {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final Hub hub;
    /** The hub's thread when this executor made it, else null. */
    private final Thread ownThread;
    /**
     * Bit 0: shut down. The rest: tasks accepted and not yet ended, times two. One word, so that
     * "shut down with nothing left" is seen by exactly one of the last task and {@link #shutdown}.
     */
    private final AtomicLong control = new AtomicLong();

    private final Set<Task<?>> tasks = ConcurrentHashMap.newKeySet();
    private final Event terminated;

    private GreenletExecutor(Hub hub, Thread ownThread, Event terminated) {
        this.hub = hub;
        this.ownThread = ownThread;
        this.terminated = terminated;
    }

    /**
     * An executor running its tasks as greenlets of {@code hub}, which runs them while its thread waits cooperatively.
     *
     * @param hub the hub whose greenlets run the tasks
     * @return the executor
     */
    public static GreenletExecutor of(Hub hub) {
        return new GreenletExecutor(Objects.requireNonNull(hub, "hub"), null, new Event());
    }

    /**
     * An executor running its tasks on a new hub of its own platform thread, which ends after termination.
     *
     * @return the executor
     */
    public static GreenletExecutor onNewHub() {
        Event terminated = new Event();
        AtomicReference<Hub> made = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread thread = Thread.ofPlatform()
                .name("gevent4j-executor-" + THREAD_IDS.incrementAndGet())
                .start(() -> {
                    made.set(Hub.current());
                    started.countDown();
                    // Tasks arrive from other threads: the hub must wait for them instead of declaring itself stuck.
                    Hub.KeepAlive waiting = made.get().keepAlive();
                    try {
                        terminated.await();
                    } finally {
                        waiting.close();
                    }
                });
        Latches.awaitUninterruptibly(started);
        return new GreenletExecutor(made.get(), thread, terminated);
    }

    /**
     * The hub the tasks run on.
     *
     * @return the hub
     */
    public Hub hub() {
        return hub;
    }

    /**
     * Runs {@code command} in a new greenlet of the hub.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        start(new Task<Void>(command, null, null));
    }

    /** Runs {@code task} in a new greenlet; its result, or failure, completes the returned future. */
    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return start(new Task<>(null, task, new AsyncResult<>())).result;
    }

    /** As {@link #submit(Callable)}, with {@code result} as the value once {@code task} has run. */
    @Override
    public <T> AsyncResult<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return start(new Task<>(
                        task,
                        () -> {
                            task.run();
                            return result;
                        },
                        new AsyncResult<>()))
                .result;
    }

    /** As {@link #submit(Callable)}, with a null value. */
    @Override
    public AsyncResult<?> submit(Runnable task) {
        return submit(task, null);
    }

    private <T> Task<T> start(Task<T> task) {
        long c;
        do {
            c = control.get();
            if ((c & 1) != 0) {
                throw new RejectedExecutionException(this + " is shut down");
            }
        } while (!control.compareAndSet(c, c + 2));
        tasks.add(task);
        try {
            hub.spawn(task::run);
        } catch (RuntimeException | Error e) {
            task.ended();
            throw e;
        }
        return task;
    }

    /** Stops accepting tasks; those accepted still run. Idempotent. */
    @Override
    public void shutdown() {
        if (control.getAndUpdate(c -> c | 1) == 0) {
            terminated.set();
        }
    }

    /**
     * Stops accepting tasks, keeps the accepted ones that have not started from ever running, and kills
     * the running ones. Returns the tasks that never started, as given (a {@code Callable} wrapped), in
     * no particular order.
     */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> neverStarted = new ArrayList<>();
        for (Task<?> t : tasks) {
            if (t.cancel()) {
                neverStarted.add(t.asRunnable());
            }
        }
        return neverStarted;
    }

    @Override
    public boolean isShutdown() {
        return (control.get() & 1) != 0;
    }

    /** Whether it is shut down and every accepted task has ended. */
    @Override
    public boolean isTerminated() {
        return terminated.isSet();
    }

    /**
     * Waits at most {@code timeout} until it has terminated (and, for {@link #onNewHub()}, until its
     * thread has ended); returns whether it has. A greenlet waiting here parks only itself.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        long nanos = Math.max(0, Objects.requireNonNull(unit, "unit").toNanos(timeout));
        long deadline = System.nanoTime() + nanos;
        if (!terminated.await(Duration.ofNanos(nanos))) {
            return false;
        }
        if (ownThread == null || Thread.currentThread() == ownThread) {
            return true;
        }
        try {
            return ownThread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // gevent4j waits keep the status, and do not end on it
            return !ownThread.isAlive();
        }
    }

    /**
     * Runs every task and waits until all have ended; returns their futures in order. If the caller is
     * killed meanwhile, the tasks are cancelled (running ones killed).
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * As {@link #invokeAll(Collection)}, but tasks still running after {@code timeout} are cancelled
     * (their futures completed with a {@code CancellationException}) and killed.
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        long nanos = Objects.requireNonNull(unit, "unit").toNanos(timeout);
        List<Task<T>> started = startAll(tasks);
        try {
            Gevent.wait(results(started), Duration.ofNanos(Math.max(0, nanos)));
        } finally {
            cancelAll(started);
        }
        List<Future<T>> futures = new ArrayList<>(started.size());
        started.forEach(t -> futures.add(t.result));
        return futures;
    }

    /**
     * Runs every task and returns the value of the first to succeed, cancelling and killing the rest.
     *
     * @throws ExecutionException if every task failed, with the last failure as its cause
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        try {
            return invokeAny(tasks, null);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline, no timeout", e);
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, waiting at most {@code timeout}.
     *
     * @throws TimeoutException if no task succeeded in time
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws ExecutionException, TimeoutException {
        return invokeAny(
                tasks,
                Duration.ofNanos(
                        Math.max(0, Objects.requireNonNull(unit, "unit").toNanos(timeout))));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, Duration timeout)
            throws ExecutionException, TimeoutException {
        if (Objects.requireNonNull(tasks, "tasks").isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        List<Task<T>> started = startAll(tasks);
        try {
            Throwable last = null;
            for (AsyncResult<T> done : Gevent.iwait(results(started), timeout)) {
                if (done.isSuccessful()) {
                    return done.value();
                }
                last = done.exception();
            }
            if (started.stream().allMatch(t -> t.result.isDone())) {
                throw new ExecutionException("every task failed; the cause is the last failure", last);
            }
            throw new TimeoutException("no task succeeded within " + timeout);
        } finally {
            cancelAll(started);
        }
    }

    private <T> List<Task<T>> startAll(Collection<? extends Callable<T>> tasks) {
        List<Callable<T>> bodies = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
        List<Task<T>> started = new ArrayList<>(bodies.size());
        try {
            for (Callable<T> body : bodies) {
                started.add(start(new Task<>(null, body, new AsyncResult<>())));
            }
        } catch (RuntimeException | Error e) {
            cancelAll(started);
            throw e;
        }
        return started;
    }

    private static <T> List<AsyncResult<T>> results(List<Task<T>> tasks) {
        List<AsyncResult<T>> results = new ArrayList<>(tasks.size());
        tasks.forEach(t -> results.add(t.result));
        return results;
    }

    private static void cancelAll(List<? extends Task<?>> tasks) {
        tasks.forEach(Task::cancel);
    }

    @Override
    public String toString() {
        long c = control.get();
        String state = isTerminated() ? "terminated" : (c & 1) != 0 ? "shutting down" : "running";
        return "GreenletExecutor[" + hub + ", " + state + ", " + (c >> 1) + " tasks]";
    }

    /** One accepted task: its body, its future (null for {@link #execute}), and who got to it first. */
    private final class Task<T> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int CANCELLED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Task.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** What {@link #execute} or {@code submit(Runnable)} was given; null for a {@code Callable}. */
        private final Runnable command;

        private final Callable<T> callable;
        final AsyncResult<T> result;
        /** NEW, then RUNNING (the greenlet started it) or CANCELLED (it never will). */
        private volatile int state;
        /** Set by the task's own greenlet before it moves to RUNNING. */
        private volatile Greenlet<?> greenlet;

        Task(Runnable command, Callable<T> callable, AsyncResult<T> result) {
            this.command = command;
            this.callable = callable;
            this.result = result;
        }

        /** The greenlet's body. */
        void run() {
            greenlet = Gevent.getCurrent();
            try {
                if ((result != null && result.isDone()) || !STATE.compareAndSet(this, NEW, RUNNING)) {
                    return; // cancelled before it started
                }
                if (result == null) {
                    command.run(); // a failure fails the greenlet, which reports it
                    return;
                }
                try {
                    result.set(callable.call());
                } catch (GreenletExit exit) {
                    result.cancel(false);
                    throw exit;
                } catch (Throwable t) {
                    result.setException(t);
                }
            } finally {
                ended();
            }
        }

        void ended() {
            tasks.remove(this);
            if (control.addAndGet(-2) == 1) {
                terminated.set();
            }
        }

        /**
         * Keeps the task from starting (returns true), or completes its future as cancelled and kills
         * its greenlet if it runs; nothing once it has ended.
         */
        boolean cancel() {
            if (STATE.compareAndSet(this, NEW, CANCELLED)) {
                if (result != null) {
                    result.cancel(false);
                }
                return true;
            }
            if (result == null || result.cancel(false)) {
                Greenlet<?> g = greenlet;
                // A task cancelling itself (shutdownNow from inside) ends when it returns.
                if (g != null && !g.isDead() && g.thread() != Thread.currentThread()) {
                    g.killAsync();
                }
            }
            return false;
        }

        Runnable asRunnable() {
            if (command != null) {
                return command;
            }
            return () -> {
                try {
                    callable.call();
                } catch (Exception e) {
                    throw Rethrow.unchecked(e);
                }
            };
        }
    }
}
