package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.ThrowingRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared by the test programs: runs N greenlets on the main thread's hub, checks with a shared counter
 * that no two ever run at once, and prints "elapsedMs=", "maxRunning=" and one "result i=" line each.
 * Results go to stdout in index order so runs with and without the agent can be compared byte for byte.
 */
public final class Harness {
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MAX = new AtomicInteger();

    private Harness() {}

    public interface Body {
        String call(int i) throws Exception;
    }

    /** Marks the start of a stretch where this greenlet runs (after spawn or after a blocking call). */
    public static void enter() {
        MAX.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
    }

    /** Marks the end of such a stretch (before a blocking call or at the end). */
    public static void leave() {
        RUNNING.decrementAndGet();
    }

    /** {@code blocking(i)} is the call under test; runs it in n greenlets and reports. */
    public static void run(int n, Body blocking) {
        List<Greenlet<String>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<String> task = () -> {
                enter();
                leave();
                String r;
                try {
                    r = blocking.call(index);
                } catch (Exception e) {
                    r = "threw " + e;
                }
                enter();
                leave();
                return r;
            };
            all.add(Gevent.spawn(task));
        }
        Gevent.joinAll(all);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("elapsedMs=" + elapsed);
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
