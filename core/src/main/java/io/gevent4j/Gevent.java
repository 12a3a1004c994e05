package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import io.gevent4j.pool.GreenletExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The gevent module: spawn greenlets, sleep, wait for them, run a program under a hub.
 *
 * <pre>{@code
 * Greenlet<?> a = Gevent.spawn(() -> { System.out.println(1); Gevent.sleep(0); System.out.println(3); });
 * Greenlet<?> b = Gevent.spawn(() -> { System.out.println(2); Gevent.sleep(0); System.out.println(4); });
 * Gevent.joinAll(List.of(a, b));   // prints 1 2 3 4
 * }</pre>
 *
 * <p>Every call here uses the calling thread's {@link Hub}: a greenlet's own, or the hub of the calling
 * platform thread, created on first use. Blocking calls throw only unchecked exceptions:
 * {@link GreenletExit} when the calling greenlet is killed, {@link Timeout} when a timeout started by
 * the caller expires, {@link LoopExit} when the hub's thread would otherwise wait forever.
 *
 * <p>Thread-safety: every method may be called from any thread; what it spawns or waits with is the
 * calling thread's hub. Waiting parks only the calling greenlet; on a hub's own thread it runs the hub
 * meanwhile; any other thread blocks.
 */
public final class Gevent {
    private Gevent() {}

    /**
     * Spawns a greenlet running {@code task} on the calling thread's hub; it runs once the hub's thread
     * waits.
     *
     * @param <T> the result type
     * @param task the body
     * @return the started greenlet
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException on a virtual thread that is not a greenlet (it has no hub)
     */
    public static <T> Greenlet<T> spawn(Callable<T> task) {
        return Hub.current().spawn(task);
    }

    /**
     * Spawns a greenlet with no result, as {@link #spawn(Callable)}.
     *
     * @param task the body
     * @return the started greenlet
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException on a virtual thread that is not a greenlet (it has no hub)
     */
    public static Greenlet<Void> spawn(ThrowingRunnable task) {
        return Hub.current().spawn(task);
    }

    /**
     * Spawns a greenlet that starts after {@code delay} (gevent's {@code spawn_later}).
     *
     * @param <T> the result type
     * @param delay how long from now
     * @param task the body
     * @return the greenlet, started later
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static <T> Greenlet<T> spawnLater(Duration delay, Callable<T> task) {
        return Greenlet.of(task).startLater(delay);
    }

    /**
     * Spawns a greenlet with no result that starts after {@code delay}.
     *
     * @param delay how long from now
     * @param task the body
     * @return the greenlet, started later
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Greenlet<Void> spawnLater(Duration delay, ThrowingRunnable task) {
        return Greenlet.of(task).startLater(delay);
    }

    /**
     * Suspends the caller for {@code millis} milliseconds on the hub's timer, letting other greenlets
     * run. {@code sleep(0)} lets every greenlet that is ready now run once and returns.
     *
     * @param millis how long, in milliseconds
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static void sleep(long millis) {
        if (millis == 0) {
            Strand.current().yieldNow();
        } else {
            // Parks right here, not in a helper: every frame between a sleeper and its park is kept
            // in memory with each parked greenlet.
            Strand s = Strand.current();
            s.park(new Waiter(s), Deadlines.afterMillis(millis, "sleep time"), false);
        }
    }

    /**
     * As {@link #sleep(long)}, for a {@link Duration}.
     *
     * @param duration how long
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static void sleep(Duration duration) {
        if (Objects.requireNonNull(duration, "duration").isZero()) {
            Strand.current().yieldNow();
        } else {
            Strand s = Strand.current();
            s.park(new Waiter(s), Deadlines.after(duration, "sleep time"), false);
        }
    }

    /**
     * The greenlet running this code (gevent's {@code getcurrent}).
     *
     * @return the calling greenlet, or null outside a greenlet
     */
    public static Greenlet<?> getCurrent() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? Greenlet.ofThread(t) : null;
    }

    /**
     * Every live greenlet of every hub, with its state, parent and stack, plus each hub's counters
     * (gevent's {@code print_run_info}). Safe from any thread, including while a hub is stalled.
     * The JDK's {@code jcmd <pid> Thread.dump_to_file -format=json <file>} lists greenlets too, as
     * the virtual threads they are.
     *
     * @return the dump, several lines
     */
    public static String dump() {
        return RunInfo.format();
    }

    /**
     * The calling thread's hub, created now on a platform thread that has none.
     *
     * @return the hub
     * @throws IllegalStateException on a virtual thread that is not a greenlet (it has no hub)
     */
    public static Hub getHub() {
        return Hub.current();
    }

    /**
     * An {@code ExecutorService} whose tasks run as greenlets of a new hub on a platform thread of its
     * own, which ends once the executor has terminated: give it to any library that takes an
     * {@code Executor} ({@code httpServer.setExecutor(Gevent.executor())}). See {@link GreenletExecutor}.
     * @return the executor
     */
    public static GreenletExecutor executor() {
        return GreenletExecutor.onNewHub();
    }

    /**
     * An {@code ExecutorService} whose tasks run as greenlets of {@code hub}; they run while the hub's
     * thread waits cooperatively. See {@link GreenletExecutor}.
     * @param hub the hub whose greenlets run the tasks
     * @return the executor
     */
    public static GreenletExecutor executor(Hub hub) {
        return GreenletExecutor.of(hub);
    }

    /**
     * Runs {@code task} as a greenlet of this thread's hub and returns its result, running the hub
     * until it is done. A failure is rethrown as the same exception.
     *
     * @param <T> the result type
     * @param task the body
     * @return what the task returned
     * @throws NullPointerException if {@code task} is null
     */
    public static <T> T run(Callable<T> task) {
        return spawn(task).get();
    }

    /**
     * As {@link #run(Callable)}, for a task with no result.
     *
     * @param task the body
     * @throws NullPointerException if {@code task} is null
     */
    public static void run(ThrowingRunnable task) {
        spawn(task).get();
    }

    /**
     * Waits until every greenlet is dead.
     *
     * @param <G> the greenlets' type
     * @param greenlets what to wait for
     * @return the greenlets in the order they died
     * @throws NullPointerException if {@code greenlets} is or contains null
     */
    public static <G extends Greenlet<?>> List<G> joinAll(Collection<? extends G> greenlets) {
        return waitFor(greenlets, Deadlines.NONE, Integer.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for the greenlets to die.
     *
     * @param <G> the greenlets' type
     * @param greenlets what to wait for
     * @param timeout the longest wait
     * @return those dead by then, in the order they died
     * @throws NullPointerException if an argument is or contains null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <G extends Greenlet<?>> List<G> joinAll(Collection<? extends G> greenlets, Duration timeout) {
        return waitFor(greenlets, Deadlines.after(timeout, "timeout"), Integer.MAX_VALUE);
    }

    /**
     * Kills every greenlet: all are told first, then all are awaited. A caller among them is killed
     * last, after the others are dead.
     *
     * @param greenlets what to kill
     * @throws NullPointerException if {@code greenlets} is or contains null
     */
    public static void killAll(Collection<? extends Greenlet<?>> greenlets) {
        killAll(greenlets, Deadlines.NONE);
    }

    /**
     * As {@link #killAll(Collection)}, waiting at most {@code timeout}.
     *
     * @param greenlets what to kill
     * @param timeout the longest wait
     * @return whether all are dead
     * @throws NullPointerException if an argument is or contains null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static boolean killAll(Collection<? extends Greenlet<?>> greenlets, Duration timeout) {
        return killAll(greenlets, Deadlines.after(timeout, "timeout"));
    }

    private static boolean killAll(Collection<? extends Greenlet<?>> greenlets, long deadline) {
        List<Greenlet<?>> all = new ArrayList<>(Objects.requireNonNull(greenlets, "greenlets"));
        Greenlet<?> self = getCurrent();
        for (Greenlet<?> g : all) {
            if (Objects.requireNonNull(g, "greenlets contains null") != self) {
                g.requestKill();
            }
        }
        boolean allDead = waitFor(all, deadline, Integer.MAX_VALUE).size() == all.size();
        if (all.contains(self)) {
            throw new GreenletExit();
        }
        return allDead;
    }

    /**
     * Waits until every object is ready.
     *
     * @param <W> the objects' type
     * @param objects what to wait for
     * @return the objects in the order they became ready
     * @throws NullPointerException if {@code objects} is or contains null
     */
    public static <W extends Waitable> List<W> wait(Collection<? extends W> objects) {
        return waitFor(objects, Deadlines.NONE, Integer.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} until every object is ready.
     *
     * @param <W> the objects' type
     * @param objects what to wait for
     * @param timeout the longest wait
     * @return the ready ones, in the order they became ready
     * @throws NullPointerException if an argument is or contains null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <W extends Waitable> List<W> wait(Collection<? extends W> objects, Duration timeout) {
        return waitFor(objects, Deadlines.after(timeout, "timeout"), Integer.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} (null: no limit) until {@code count} of the objects are ready;
     * returns the ready ones in the order they became ready (gevent's {@code wait(objects, timeout, count)}).
     *
     * @param <W> the objects' type
     * @param objects what to wait for
     * @param timeout the longest wait, or null for no limit
     * @param count how many must be ready
     * @return the ready ones, at most {@code count}, in the order they became ready
     * @throws NullPointerException if {@code objects} is or contains null
     * @throws IllegalArgumentException if {@code timeout} or {@code count} is negative
     */
    public static <W extends Waitable> List<W> wait(Collection<? extends W> objects, Duration timeout, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long deadline = timeout == null ? Deadlines.NONE : Deadlines.after(timeout, "timeout");
        return waitFor(objects, deadline, count);
    }

    /**
     * Waits on one object at most {@code timeout}.
     *
     * @param object what to wait for
     * @param timeout the longest wait, or null for no limit
     * @return whether it is ready
     * @throws NullPointerException if {@code object} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static boolean wait(Waitable object, Duration timeout) {
        return !wait(List.of(Objects.requireNonNull(object, "object")), timeout, 1)
                .isEmpty();
    }

    private static <W extends Waitable> List<W> waitFor(Collection<? extends W> objects, long deadline, int count) {
        try (WaitSet<W> set = new WaitSet<>(objects)) {
            int want = Math.min(count, set.size());
            List<W> ready = new ArrayList<>(want);
            while (ready.size() < want) {
                W next = set.next(deadline);
                if (next == null) {
                    break;
                }
                ready.add(next);
            }
            return ready;
        }
    }

    /**
     * Yields the objects one by one as they become ready (gevent's {@code iwait}). Iteration ends when
     * all were yielded; each {@link Iterator#hasNext()} waits for the next one.
     *
     * @param <W> the objects' type
     * @param objects what to wait for
     * @return the objects, in the order they become ready; iterate it once, on one thread
     * @throws NullPointerException if {@code objects} is or contains null
     */
    public static <W extends Waitable> Iterable<W> iwait(Collection<? extends W> objects) {
        return iwait(objects, null);
    }

    /**
     * As {@link #iwait(Collection)}, but iteration ends when {@code timeout} (null: no limit), counted
     * from when iteration starts, passes before the next object is ready.
     *
     * @param <W> the objects' type
     * @param objects what to wait for
     * @param timeout the longest wait, or null for no limit
     * @return the objects, in the order they become ready; iterate it once, on one thread
     * @throws NullPointerException if {@code objects} is or contains null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <W extends Waitable> Iterable<W> iwait(Collection<? extends W> objects, Duration timeout) {
        List<W> copy = List.copyOf(objects);
        if (timeout != null) {
            Deadlines.after(timeout, "timeout");
        }
        return () -> new Iterator<>() {
            private final WaitSet<W> set = new WaitSet<>(copy);
            private final long deadline = timeout == null ? Deadlines.NONE : Deadlines.after(timeout, "timeout");
            private int remaining = set.size();
            private W next;

            @Override
            public boolean hasNext() {
                if (next == null && remaining > 0) {
                    next = set.next(deadline);
                    if (next == null) {
                        remaining = 0;
                    } else {
                        remaining--;
                    }
                    if (remaining == 0) {
                        set.close();
                    }
                }
                return next != null;
            }

            @Override
            public W next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                W w = next;
                next = null;
                return w;
            }
        };
    }
}
