package io.gevent4j.benchmarks;

/**
 * The benchmark side shared by {@link AsyncResultBenchmark} and {@link CrossThreadWakeBaseline}: a
 * waiter on another thread publishes a fresh result holder and waits on it; one operation is waiting
 * until the waiter (and whatever else must be asleep) is parked, completing the holder with a token
 * from this thread, and spinning until the waiter acknowledges that token.
 *
 * @param <R> the result holder the waiter waits on
 */
abstract class CrossThreadHandOff<R> {
    /** The holder the waiter waits on now; set by the waiter. */
    volatile R current;
    /** The last token the waiter received; set by the waiter. */
    volatile int acknowledged;

    volatile boolean stop;
    private R last;
    private int sequence;

    /** Whether everything that must be asleep before a hand-off is asleep. */
    abstract boolean waiterAsleep();

    /** Completes {@code holder} with {@code token}, from the benchmark thread. */
    abstract void complete(R holder, int token);

    final int handOff() {
        R r;
        while ((r = current) == null || r == last || !waiterAsleep()) {
            Thread.onSpinWait();
        }
        last = r;
        int token = ++sequence;
        complete(r, token);
        while (acknowledged != token) {
            Thread.onSpinWait();
        }
        return token;
    }

    /** Stops the waiter: no more holders, and the one waited on now completes with -1. */
    final void stopWaiter(Thread waiterThread) throws InterruptedException {
        stop = true;
        R r = current;
        if (r != null) {
            complete(r, -1);
        }
        waiterThread.join(10_000);
    }

    static boolean asleep(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
