package io.gevent4j;

import io.gevent4j.internal.Deadlines;
import java.util.PriorityQueue;

/**
 * A hub's timers, ordered by deadline. Owned by the hub's thread: no locking.
 *
 * <p>Cancellation is lazy: a cancelled timer stays in the queue until it reaches the head or until
 * cancelled ones outnumber live ones, when the queue is rebuilt. {@link #live} counts only timers
 * that will still fire, so an idle hub knows whether anything is left to wait for.
 */
final class TimerHeap {
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long sequence;
    /** Timers in {@link #queue} that will still fire. Invariant: {@code 0 <= live <= queue.size()}. */
    private int live;

    Timer schedule(long deadline, Runnable action) {
        Timer t = new Timer(this, deadline, sequence++, action);
        queue.add(t);
        live++;
        return t;
    }

    void cancelled(Timer t) {
        live--;
        if (queue.size() > 64 && live < queue.size() / 2) {
            queue.removeIf(x -> !x.isPending());
        }
    }

    int live() {
        return live;
    }

    /** The deadline of the earliest live timer, or {@link Deadlines#NONE} when there is none. */
    long nextDeadline() {
        Timer head;
        while ((head = queue.peek()) != null && !head.isPending()) {
            queue.poll();
        }
        return head == null ? Deadlines.NONE : head.deadline;
    }

    /** Fires every timer due at {@code now}; returns how many fired. */
    int fireDue(long now) {
        int fired = 0;
        Timer head;
        while ((head = queue.peek()) != null && (!head.isPending() || head.deadline - now <= 0)) {
            queue.poll();
            if (head.isPending()) {
                live--;
                head.fire();
                fired++;
            }
        }
        return fired;
    }
}
