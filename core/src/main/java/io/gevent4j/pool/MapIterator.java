package io.gevent4j.pool;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.internal.Rethrow;
import io.gevent4j.queue.Queue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The results of {@link Group#imap} or {@link Group#imapUnordered}: an iterator that waits for each
 * result, and an {@link Iterable} over itself for use in a for-each loop (once only).
 *
 * <p>Work starts when the iterator is created: a feeder greenlet on the creating thread's hub takes the
 * inputs one by one and spawns a task for each in the group (in a {@link Pool}, waiting for free
 * slots). {@link #hasNext()} waits until the next result is known; {@link #next()} returns it, or
 * throws what its task threw (the same object), or {@link java.util.concurrent.CancellationException}
 * when the task was killed by someone else, or what iterating the inputs threw, after the results of
 * the inputs before it. After a failure the iterator is closed.
 *
 * <p>{@link #close()} kills the feeder and every task still running and ends the iteration; call it
 * (or use try-with-resources) when stopping early. Use the iterator from one thread at a time.
 *
 * @param <R> the result type
 */
public final class MapIterator<R> implements Iterator<R>, Iterable<R>, AutoCloseable {
    /** A finished task, or (task == null) the failure of iterating the inputs, at input position index. */
    private record Outcome<R>(int index, Greenlet<R> task, Throwable inputFailure) {}

    /** The feeder's last word: how many outcomes there will be. */
    private record End(int count) {}

    private final boolean ordered;
    /** Outcomes and the {@link End}, in the order they happened; filled from any thread. */
    private final Queue<Object> arrivals = new Queue<>();
    /** Every task spawned, for {@link #close()}; guarded by itself. */
    private final List<Greenlet<R>> tasks = new ArrayList<>();

    private final Greenlet<Void> feeder;
    private final Group group;

    // Consumer side, confined to the iterating thread.
    /** Ordered mode: outcomes that arrived before their turn, by index. */
    private final Map<Integer, Outcome<R>> early = new HashMap<>();

    private int delivered;
    private int total = -1;
    private Outcome<R> buffered;
    private boolean closed;

    <A> MapIterator(Group group, Function<? super A, ? extends R> fn, Iterable<? extends A> inputs, boolean ordered) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(inputs, "inputs");
        this.ordered = ordered;
        this.group = group;
        this.feeder = Gevent.spawn(() -> feed(group, fn, inputs));
    }

    private <A> void feed(Group group, Function<? super A, ? extends R> fn, Iterable<? extends A> inputs) {
        int count = 0;
        try {
            for (A input : inputs) {
                int index = count++;
                Greenlet<R> g = group.spawn(() -> fn.apply(input));
                synchronized (tasks) {
                    tasks.add(g);
                }
                g.rawlink(() -> arrivals.put(new Outcome<>(index, g, null)));
            }
        } catch (GreenletExit e) {
            throw e;
        } catch (Throwable t) {
            arrivals.put(new Outcome<R>(count++, null, t));
        }
        arrivals.put(new End(count));
    }

    /** Waits until the next result is known; false once all were returned, after a failure, or once closed. */
    @Override
    public boolean hasNext() {
        if (buffered != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        buffered = fetch();
        if (buffered == null) {
            closed = true;
        }
        return buffered != null;
    }

    @SuppressWarnings("unchecked")
    private Outcome<R> fetch() {
        while (true) {
            if (ordered) {
                Outcome<R> turn = early.remove(delivered);
                if (turn != null) {
                    delivered++;
                    return turn;
                }
            }
            if (total >= 0 && delivered >= total) {
                return null;
            }
            Object arrival = arrivals.get();
            if (arrival instanceof End end) {
                total = end.count();
            } else {
                Outcome<R> outcome = (Outcome<R>) arrival;
                if (ordered && outcome.index() != delivered) {
                    early.put(outcome.index(), outcome);
                } else {
                    delivered++;
                    return outcome;
                }
            }
        }
    }

    /** The next result, waiting for it; or throws the failure of its task (see the class comment). */
    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Outcome<R> outcome = buffered;
        buffered = null;
        if (outcome.task() == null) {
            close();
            throw Rethrow.unchecked(outcome.inputFailure());
        }
        Greenlet<R> g = outcome.task();
        if (Group.failed(g)) {
            close();
            throw Group.failure(g);
        }
        return g.value();
    }

    /** This iterator itself: the results can be iterated once. */
    @Override
    public Iterator<R> iterator() {
        return this;
    }

    /** Ends the iteration and kills the feeder and every task still running; waits until they are dead. */
    @Override
    public void close() {
        closed = true;
        buffered = null;
        feeder.kill();
        List<Greenlet<R>> spawned;
        synchronized (tasks) {
            spawned = List.copyOf(tasks);
        }
        Gevent.killAll(spawned);
        // The dead leave their group in link callbacks already queued on this hub: let them run.
        for (Greenlet<R> g : spawned) {
            while (group.contains(g)) {
                Gevent.sleep(0);
            }
        }
    }
}
