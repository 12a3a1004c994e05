package io.gevent4j.testkit;

import io.gevent4j.ThrowingRunnable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain platform thread ("foreign" to every hub) running a test step, non-daemon so that a hub
 * waiting for it does not give up with LoopExit. {@link #finish()} joins it and rethrows its failure.
 */
public final class Foreign {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Foreign(String name, ThrowingRunnable body) {
        thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                name);
        thread.setDaemon(false);
    }

    /** Starts {@code body} on a new non-daemon platform thread. */
    public static Foreign start(String name, ThrowingRunnable body) {
        Foreign f = new Foreign(name, body);
        f.thread.start();
        return f;
    }

    /** Starts {@code body} after sleeping {@code delay} (a real sleep: this thread has no hub). */
    public static Foreign startAfter(Duration delay, String name, ThrowingRunnable body) {
        return start(name, () -> {
            Thread.sleep(delay.toMillis());
            body.run();
        });
    }

    public Thread thread() {
        return thread;
    }

    /** Joins the thread (at most 30 s) and rethrows what it threw. */
    public void finish() throws Exception {
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not finish");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Milliseconds {@code action} took. */
    public static long millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
