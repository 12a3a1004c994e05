package io.gevent4j.pool;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.ThrowingRunnable;
import io.gevent4j.event.Event;
import io.gevent4j.internal.Deadlines;
import io.gevent4j.internal.Rethrow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A set of greenlets managed together (gevent's {@code gevent.pool.Group}): a greenlet leaves the group
 * by itself when it dies, so {@link #join()} waits for all of them and {@link #kill()} kills all of them.
 *
 * <pre>{@code
 * Group group = new Group();
 * group.spawn(() -> fetch("a"));
 * group.spawn(() -> fetch("b"));
 * group.join();                                                  // both done
 * List<Integer> lengths = group.map(String::length, List.of("x", "yy"));   // [1, 2]
 * }</pre>
 *
 * <p><b>Mapping.</b> {@link #map} runs a function over inputs, one greenlet each, and returns the
 * results in input order; {@link #imap} yields them lazily in input order, {@link #imapUnordered} as
 * they finish; {@link #apply} runs one task and returns its result; {@link #applyAsync} returns its
 * greenlet. A task that throws makes {@code map}/{@code imap} throw the same exception object; a task
 * killed by someone else makes them throw {@link CancellationException}. Either way the tasks still
 * running are killed: nothing is left behind once {@code map} throws or an {@code imap} iterator is
 * closed.
 *
 * <p><b>Threads.</b> Membership changes and queries may come from any thread; greenlets are spawned on
 * the calling thread's hub. Waits park only the calling greenlet (on a hub's own thread they run the
 * hub meanwhile). A greenlet that is in the group must not {@code join} it: it would wait for itself.
 *
 * <p>Memory consistency effects: actions of a member's body happen-before {@link #join()} returns
 * after it left, and before {@link #map} returns its result.
 */
public sealed class Group implements Iterable<Greenlet<?>> permits Pool {
    private final Object lock = new Object();
    /** Members, in the order they were added, each with the link that discards it when it dies. Guarded by {@link #lock}. */
    private final Map<Greenlet<?>, Runnable> members = new LinkedHashMap<>();
    /** Set exactly while there are no members; changed under {@link #lock}. */
    private final Event empty = new Event();

    /** An empty group. */
    public Group() {
        empty.set();
    }

    // ---- membership --------------------------------------------------------------------------

    /**
     * Adds a greenlet (started or not); it is discarded when it dies. A dead greenlet or a member is not
     * added again. In a {@link Pool}, this waits for a free slot.
     *
     * @param greenlet the greenlet
     * @throws NullPointerException if {@code greenlet} is null
     */
    public void add(Greenlet<?> greenlet) {
        Objects.requireNonNull(greenlet, "greenlet");
        if (greenlet.isDead() || contains(greenlet)) {
            return;
        }
        reserve();
        addReserved(greenlet);
    }

    /**
     * Adds an unstarted greenlet and starts it (gevent's {@code Group.start}).
     *
     * @param greenlet the greenlet, not started
     * @throws NullPointerException if {@code greenlet} is null
     * @throws IllegalStateException if it was started already
     */
    public void start(Greenlet<?> greenlet) {
        add(greenlet);
        greenlet.start();
    }

    /**
     * Removes a greenlet without killing it. In a {@link Pool}, frees its slot.
     *
     * @param greenlet the greenlet
     * @return whether it was a member
     */
    public boolean discard(Greenlet<?> greenlet) {
        Runnable link;
        synchronized (lock) {
            link = members.get(greenlet);
        }
        return link != null && discard(greenlet, link);
    }

    private boolean discard(Greenlet<?> greenlet, Runnable link) {
        synchronized (lock) {
            if (!members.remove(greenlet, link)) {
                return false;
            }
            if (members.isEmpty()) {
                empty.set();
            }
        }
        greenlet.unlink(link);
        unreserve();
        return true;
    }

    private void addReserved(Greenlet<?> greenlet) {
        Runnable link = new Runnable() {
            @Override
            public void run() {
                discard(greenlet, this);
            }
        };
        boolean added;
        synchronized (lock) {
            added = members.putIfAbsent(greenlet, link) == null;
            if (added) {
                empty.clear();
            }
        }
        if (added) {
            greenlet.rawlink(link); // runs at once if it died meanwhile
        } else {
            unreserve();
        }
    }

    /** Takes a slot for a new member, waiting if there is none; a plain group has no limit. */
    void reserve() {}

    /** Gives back a slot taken by {@link #reserve()}. */
    void unreserve() {}

    /**
     * How many members the group has now.
     *
     * @return the number of members
     */
    public int size() {
        synchronized (lock) {
            return members.size();
        }
    }

    /**
     * Whether {@code greenlet} is a member now.
     *
     * @param greenlet the greenlet
     * @return whether it is a member
     */
    public boolean contains(Greenlet<?> greenlet) {
        synchronized (lock) {
            return members.containsKey(greenlet);
        }
    }

    /**
     * The members now, in the order they were added.
     *
     * @return a snapshot of the members
     */
    public List<Greenlet<?>> greenlets() {
        synchronized (lock) {
            return List.copyOf(members.keySet());
        }
    }

    /** Iterates over a snapshot of the members, in the order they were added. */
    @Override
    public Iterator<Greenlet<?>> iterator() {
        return greenlets().iterator();
    }

    // ---- spawning ----------------------------------------------------------------------------

    /**
     * Spawns {@code task} as a member, on the calling thread's hub. In a {@link Pool}, waits for a free
     * slot first.
     *
     * @param <T> the result type
     * @param task the body
     * @return the started member
     * @throws NullPointerException if {@code task} is null
     */
    public <T> Greenlet<T> spawn(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        reserve();
        Greenlet<T> g;
        try {
            g = Greenlet.of(task);
        } catch (RuntimeException | Error e) {
            unreserve();
            throw e;
        }
        addReserved(g);
        return g.start();
    }

    /**
     * Spawns a task with no result as a member, as {@link #spawn(Callable)}.
     *
     * @param task the body
     * @return the started member
     * @throws NullPointerException if {@code task} is null
     */
    public Greenlet<Void> spawn(ThrowingRunnable task) {
        Objects.requireNonNull(task, "task");
        return spawn(() -> {
            task.run();
            return null;
        });
    }

    // ---- waiting and killing -----------------------------------------------------------------

    /** Waits until the group is empty (every member died or was discarded). */
    public void join() {
        empty.await();
    }

    /**
     * Waits at most {@code timeout} until the group is empty.
     *
     * @param timeout the longest wait
     * @return whether it is empty
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean join(Duration timeout) {
        return empty.await(timeout);
    }

    /**
     * Kills every member and waits until the group is empty, killing members added meanwhile too
     * (gevent's {@code Group.kill}: kill, wait, look again).
     */
    public void kill() {
        killUntil(Deadlines.NONE);
    }

    /**
     * As {@link #kill()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether the group is empty
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean kill(Duration timeout) {
        return killUntil(Deadlines.after(timeout, "timeout"));
    }

    /** How long one round waits for the dead to leave before it kills newcomers too. */
    private static final Duration KILL_ROUND = Duration.ofMillis(20);

    private boolean killUntil(long deadline) {
        while (true) {
            Greenlet<?> self = Gevent.getCurrent();
            for (Greenlet<?> g : greenlets()) {
                if (g != self) {
                    g.killAsync();
                }
            }
            if (self != null && contains(self)) {
                self.killAsync(); // a member killing its own group goes last
            }
            // The dead leave in their link callbacks, which their hubs run next: wait for that.
            long left = deadline == Deadlines.NONE ? KILL_ROUND.toNanos() : deadline - System.nanoTime();
            if (empty.await(Duration.ofNanos(Math.max(0, Math.min(left, KILL_ROUND.toNanos()))))) {
                return true;
            }
            if (deadline != Deadlines.NONE && deadline - System.nanoTime() <= 0) {
                return size() == 0;
            }
        }
    }

    // ---- mapping -----------------------------------------------------------------------------

    /**
     * Runs {@code fn} on every input, each in a member greenlet, and returns the results in input order
     * (gevent's {@code map}). In a {@link Pool}, inputs are started as slots free up. The first task to
     * fail makes this throw its exception (the same object) after killing the others.
     *
     * @param <A> the input type
     * @param <R> the result type
     * @param fn the function
     * @param inputs the inputs
     * @return the results, in input order
     * @throws java.util.concurrent.CancellationException if a task was killed by someone else
     * @throws NullPointerException if an argument is null
     */
    public <A, R> List<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> inputs) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(inputs, "inputs");
        List<Greenlet<R>> tasks = new ArrayList<>();
        FirstFailure failed = new FirstFailure();
        boolean done = false;
        try {
            for (A input : inputs) {
                if (failed.greenlet != null) {
                    break;
                }
                Greenlet<R> g = spawn(() -> fn.apply(input));
                tasks.add(g);
                g.rawlink(() -> failed.check(g));
            }
            if (failed.greenlet == null) {
                for (Greenlet<R> g : Gevent.iwait(tasks)) {
                    if (failed(g)) {
                        failed.check(g);
                        break;
                    }
                }
            }
            Greenlet<?> bad = failed.greenlet;
            if (bad != null) {
                throw failure(bad);
            }
            List<R> results = new ArrayList<>(tasks.size());
            for (Greenlet<R> g : tasks) {
                results.add(g.value());
            }
            done = true;
            return results;
        } finally {
            if (!done) {
                Gevent.killAll(tasks);
            }
        }
    }

    /** The first task seen to fail, recorded from link callbacks on any thread. */
    private static final class FirstFailure {
        volatile Greenlet<?> greenlet;

        synchronized void check(Greenlet<?> g) {
            if (greenlet == null && failed(g)) {
                greenlet = g;
            }
        }
    }

    /** Whether a dead task failed or was killed. */
    static boolean failed(Greenlet<?> g) {
        return !g.isSuccessful() || g.value() instanceof GreenletExit;
    }

    /** What a failed task's caller throws: its own exception, or {@link CancellationException} if it was killed. */
    static RuntimeException failure(Greenlet<?> g) {
        Throwable t = g.exception();
        if (t != null) {
            throw Rethrow.unchecked(t);
        }
        CancellationException killed = new CancellationException(g + " was killed");
        killed.initCause((Throwable) g.value());
        throw killed;
    }

    /**
     * As {@link #map}, but lazy: returns at once and yields the results in input order as they become
     * available (gevent's {@code imap}). A feeder greenlet on the calling thread's hub consumes
     * {@code inputs} and spawns the tasks (in a {@link Pool}, as slots free up). A failed task makes
     * {@code next()} throw when its turn comes. Close the iterator (or use try-with-resources) to kill
     * what is still running when not iterating to the end.
     *
     * @param <A> the input type
     * @param <R> the result type
     * @param fn the function
     * @param inputs the inputs
     * @return the results, as they become available in input order
     * @throws NullPointerException if an argument is null
     */
    public <A, R> MapIterator<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> inputs) {
        return new MapIterator<>(this, fn, inputs, true);
    }

    /**
     * As {@link #imap}, but yields each result as soon as its task finishes (gevent's {@code imap_unordered}).
     *
     * @param <A> the input type
     * @param <R> the result type
     * @param fn the function
     * @param inputs the inputs
     * @return the results, in the order their tasks finish
     * @throws NullPointerException if an argument is null
     */
    public <A, R> MapIterator<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> inputs) {
        return new MapIterator<>(this, fn, inputs, false);
    }

    /**
     * Runs {@code task} in a member greenlet and returns its result, or throws its exception (the same
     * object). Called from a greenlet that is already a member, it runs the task right here, so a full
     * {@link Pool} cannot deadlock on itself. If the caller is killed while waiting, the task is killed.
     *
     * @param <R> the result type
     * @param task what to run
     * @return what the task returned
     * @throws NullPointerException if {@code task} is null
     */
    public <R> R apply(Callable<R> task) {
        Objects.requireNonNull(task, "task");
        Greenlet<?> me = Gevent.getCurrent();
        if (me != null && contains(me)) {
            try {
                return task.call();
            } catch (Exception e) {
                throw Rethrow.unchecked(e);
            }
        }
        Greenlet<R> g = spawn(task);
        boolean joined = false;
        try {
            g.join();
            joined = true;
        } finally {
            if (!joined) {
                g.killAsync();
            }
        }
        return g.get();
    }

    /**
     * Runs {@code fn(arg)} as {@link #apply(Callable)} does.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param fn the function
     * @param arg its argument
     * @return what {@code fn} returned
     * @throws NullPointerException if {@code fn} is null
     */
    public <A, R> R apply(Function<? super A, ? extends R> fn, A arg) {
        Objects.requireNonNull(fn, "fn");
        return apply(() -> fn.apply(arg));
    }

    /**
     * Spawns {@code task} as a member and returns its greenlet at once (gevent's {@code apply_async}).
     *
     * @param <R> the result type
     * @param task what to run
     * @return the member running it
     * @throws NullPointerException if {@code task} is null
     */
    public <R> Greenlet<R> applyAsync(Callable<R> task) {
        return spawn(task);
    }

    /**
     * As {@link #applyAsync(Callable)}; when the task succeeds, {@code callback} gets its result in a new
     * greenlet (not if it fails or is killed).
     *
     * @param <R> the result type
     * @param task what to run
     * @param callback what gets the result
     * @return the member running the task
     * @throws NullPointerException if an argument is null
     */
    public <R> Greenlet<R> applyAsync(Callable<R> task, Consumer<? super R> callback) {
        Objects.requireNonNull(callback, "callback");
        Greenlet<R> g = spawn(task);
        g.link(done -> {
            if (!failed(done)) {
                callback.accept(done.value());
            }
        });
        return g;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + size() + "]";
    }
}
