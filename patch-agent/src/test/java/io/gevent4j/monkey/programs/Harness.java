package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.ThrowingRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared by the test programs: runs N greenlets on the main thread's hub and prints "elapsedMs=",
 * "carriers=" and "hubThread=" (the threads the greenlets ran on, and the hub's: one greenlet at a time
 * means every greenlet ran on the hub's thread), "maxRunning=" (greenlets seen running at once by a
 * shared counter) and one "result i=" line each. Results go to stdout in index order so runs with and
 * without the agent can be compared byte for byte.
 */
public final class Harness {
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MAX = new AtomicInteger();
    private static final Set<String> CARRIERS = new ConcurrentSkipListSet<>();
    /** How long a stretch stays "running": long enough for greenlets running in parallel to be seen at once. */
    private static final long STRETCH_NANOS = 20_000;

    private Harness() {}

    public interface Body {
        String call(int i) throws Exception;
    }

    /**
     * A stretch where this greenlet runs (after spawn, or after its blocking call returned): counted,
     * its carrier thread recorded, and held for {@link #STRETCH_NANOS} without yielding.
     */
    private static void runningStretch() {
        MAX.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        // A mounted virtual thread prints as "VirtualThread[#id]/runnable@<carrier name>".
        String self = Thread.currentThread().toString();
        CARRIERS.add(self.substring(self.lastIndexOf('@') + 1));
        long until = System.nanoTime() + STRETCH_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        RUNNING.decrementAndGet();
    }

    /** {@code blocking(i)} is the call under test; runs it in n greenlets and reports. */
    public static void run(int n, Body blocking) {
        List<Greenlet<String>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<String> task = () -> {
                runningStretch();
                String r;
                try {
                    r = blocking.call(index);
                } catch (Exception e) {
                    r = "threw " + e;
                }
                runningStretch();
                return r;
            };
            all.add(Gevent.spawn(task));
        }
        Gevent.joinAll(all);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("elapsedMs=" + elapsed);
        System.out.println("carriers=" + String.join(",", CARRIERS));
        System.out.println("hubThread=" + Thread.currentThread().getName());
        System.out.println("maxRunning=" + MAX.get());
        for (int i = 0; i < n; i++) {
            System.out.println("result " + i + "=" + all.get(i).get());
        }
    }

    public static int intArg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    static void unused(ThrowingRunnable r) {}
}
