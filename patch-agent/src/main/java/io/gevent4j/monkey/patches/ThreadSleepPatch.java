package io.gevent4j.monkey.patches;

import io.gevent4j.Cooperative;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code Thread.sleep} (patch "time"): in a greenlet, or on a hub's own platform thread, every public
 * overload sleeps on the hub's timer through {@link Cooperative#sleepNanos}; on a hub's thread the hub
 * runs meanwhile, so {@code spawn(task); Thread.sleep(2000)} runs {@code task} (gevent's patched
 * {@code time.sleep}). Argument checks and exceptions are the JDK's own. Anywhere else the JDK's code
 * runs untouched.
 *
 * <p>The public static overloads ({@code sleep(long)}, {@code sleep(long, int)},
 * {@code sleep(Duration)}) are redirected: the private method they funnel into differs between JDK 21
 * and 22+.
 */
public final class ThreadSleepPatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public ThreadSleepPatch() {}

    @Override
    public String name() {
        return "time";
    }

    @Override
    public void declare(Patching patching) {
        patching.method("java.lang.Thread", "sleep", long.class).redirectTo(ThreadSleepPatch.class, "sleep");
        patching.method("java.lang.Thread", "sleep", long.class, int.class).redirectTo(ThreadSleepPatch.class, "sleep");
        patching.method("java.lang.Thread", "sleep", Duration.class).redirectTo(ThreadSleepPatch.class, "sleep");
    }

    // ---- targets: the hub-aware sleeps, checking their arguments exactly as the JDK 25 overloads do ----

    static void sleep(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    static void sleep(long millis, int nanos) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        long total = TimeUnit.MILLISECONDS.toNanos(millis);
        sleepNanos(total + Math.min(Long.MAX_VALUE - total, nanos));
    }

    static void sleep(Duration duration) throws InterruptedException {
        long nanos = TimeUnit.NANOSECONDS.convert(duration); // NullPointerException as the JDK
        if (nanos >= 0) {
            sleepNanos(nanos);
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        ConvertedThread converted = ConvertedThread.beginTimedWait(); // its getState() reads TIMED_WAITING meanwhile
        try {
            Cooperative.sleepNanos(nanos);
        } catch (InterruptedException e) {
            throw new InterruptedException("sleep interrupted"); // the JDK's words
        } finally {
            ConvertedThread.endTimedWait(converted);
        }
    }
}
