package io.gevent4j.queue;

import io.gevent4j.event.Event;
import java.time.Duration;

/**
 * A FIFO {@link Queue} that counts unfinished tasks (gevent's {@code JoinableQueue}): every item put
 * adds one, every {@link #taskDone()} removes one, and {@link #join()} waits until none are left.
 *
 * <pre>{@code
 * JoinableQueue<String> q = new JoinableQueue<>();
 * for (int i = 0; i < 3; i++) {
 *     Gevent.spawn(() -> { while (true) { handle(q.get()); q.taskDone(); } });
 * }
 * urls.forEach(q::put);
 * q.join();                                  // every item was handled
 * }</pre>
 *
 * <p>An item counts once it is in the queue's keeping (stored, or handed to a waiting getter): a
 * putter still waiting for room, or one that timed out, adds nothing.
 *
 * <p>Memory consistency effects: actions in a thread before {@link #taskDone()} happen-before
 * {@link #join()} returns once it ended the last task.
 *
 * @param <T> the item type
 */
public final class JoinableQueue<T> extends Queue<T> {
    /** Set exactly when {@link #unfinished} is 0; changed under the queue's lock. */
    private final Event allDone = new Event();
    /** Guarded by the queue's lock. */
    private int unfinished;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        super(UNBOUNDED, Store.fifo());
        allDone.set();
    }

    /**
     * A joinable queue holding at most {@code maxsize} items.
     *
     * @param maxsize the most items the queue holds, at least 1
     * @throws IllegalArgumentException if {@code maxsize < 1}
     */
    public JoinableQueue(int maxsize) {
        super(checkMaxsize(maxsize), Store.fifo());
        allDone.set();
    }

    @Override
    void accepted() {
        if (unfinished++ == 0) {
            allDone.clear();
        }
    }

    /**
     * Marks one item got from the queue as handled.
     *
     * @throws IllegalStateException if called more often than items were put
     */
    public void taskDone() {
        synchronized (lock) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than there were items");
            }
            if (--unfinished == 0) {
                allDone.set();
            }
        }
    }

    /**
     * The number of items put and not yet marked {@linkplain #taskDone() done}.
     *
     * @return the number of unfinished tasks
     */
    public int unfinishedTasks() {
        synchronized (lock) {
            return unfinished;
        }
    }

    /** Waits until every item put has been marked done; returns at once if none is pending. */
    public void join() {
        allDone.await();
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout the longest wait
     * @return whether they were
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean join(Duration timeout) {
        return allDone.await(timeout);
    }
}
