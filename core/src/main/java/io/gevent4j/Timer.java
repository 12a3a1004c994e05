package io.gevent4j;

/**
 * An action due at a {@link System#nanoTime()} deadline on a hub's timer heap. Created, fired and
 * cancelled on the hub's thread only (a greenlet of the hub runs on that thread too).
 */
final class Timer implements Comparable<Timer> {
    final long deadline;
    /** Breaks deadline ties in creation order, so timers due together fire first-scheduled first. */
    final long sequence;

    private Runnable action;
    private final TimerHeap heap;

    Timer(TimerHeap heap, long deadline, long sequence, Runnable action) {
        this.heap = heap;
        this.deadline = deadline;
        this.sequence = sequence;
        this.action = action;
    }

    /** Whether the timer will still fire: not yet fired, not cancelled. */
    boolean isPending() {
        return action != null;
    }

    /** Prevents the action from running; a no-op once fired or cancelled. */
    void cancel() {
        if (action != null) {
            action = null;
            heap.cancelled(this);
        }
    }

    /** Runs the action once; returns false when it was cancelled meanwhile. */
    boolean fire() {
        Runnable a = action;
        if (a == null) {
            return false;
        }
        action = null;
        a.run();
        return true;
    }

    @Override
    public int compareTo(Timer o) {
        int byDeadline = Long.compare(deadline - o.deadline, 0);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, o.sequence);
    }
}
