package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Waiter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Target: one million greenlets parked at once in under 1.5 GB of heap (about 1 KB each).
 *
 * <p>Spawns {@code count} greenlets (default 1,000,000) on the main thread's hub; each parks with
 * nothing to wake it but this program: mode {@code waiter} (default) waits on a {@link Waiter} with no
 * deadline, mode {@code sleep} sleeps an hour on the hub's timer heap (so each also holds a timer).
 * One {@code Gevent.sleep(0)} runs every greenlet up to its park. Heap used is read after full GCs,
 * before spawning and with all of them parked; the difference over {@code count} is the cost of one
 * parked greenlet: its {@code Greenlet}, virtual thread, continuation and stack chunk, closure and
 * waiter (or timer), and its share of the hub's queues. The arrays that keep them reachable are
 * allocated before the first reading and not counted. Then it wakes (or kills) them all and joins.
 *
 * <pre>java -Xmx2g --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar \
 *     io.gevent4j.benchmarks.MemoryMain [count] [waiter|sleep]</pre>
 *
 * Prints one line starting {@code RESULT memory}.
 */
public final class MemoryMain {
    private MemoryMain() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        String mode = args.length > 1 ? args[1] : "waiter";
        if (!mode.equals("waiter") && !mode.equals("sleep")) {
            throw new IllegalArgumentException("mode must be waiter or sleep: " + mode);
        }
        boolean sleep = mode.equals("sleep");

        // Warm the hub and the code paths, then measure from a settled heap.
        for (int round = 0; round < 3; round++) {
            parkAndRelease(10_000, sleep);
        }
        Greenlet<?>[] greenlets = new Greenlet<?>[count];
        Waiter[] waiters = new Waiter[count];
        long before = usedAfterGc();

        long t0 = System.nanoTime();
        spawnParked(greenlets, waiters, sleep);
        long t1 = System.nanoTime();
        long after = usedAfterGc();

        long parked = 0;
        for (Greenlet<?> g : greenlets) {
            if (g.isAlive()) {
                parked++;
            }
        }
        if (parked != count) {
            throw new AssertionError("only " + parked + " of " + count + " greenlets are parked");
        }

        long t2 = System.nanoTime();
        release(greenlets, waiters, sleep);
        long t3 = System.nanoTime();

        long delta = after - before;
        System.out.printf(
                Locale.ROOT,
                "RESULT memory mode=%s greenlets=%d heap_before_mb=%.1f heap_after_mb=%.1f delta_mb=%.1f "
                        + "bytes_per_greenlet=%.0f spawn_and_park_s=%.2f release_and_join_s=%.2f max_heap_mb=%d gc=%s%n",
                mode,
                count,
                before / 1048576.0,
                after / 1048576.0,
                delta / 1048576.0,
                (double) delta / count,
                (t1 - t0) / 1e9,
                (t3 - t2) / 1e9,
                Runtime.getRuntime().maxMemory() / 1048576,
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName());
    }

    private static void parkAndRelease(int count, boolean sleep) {
        Greenlet<?>[] greenlets = new Greenlet<?>[count];
        Waiter[] waiters = new Waiter[count];
        spawnParked(greenlets, waiters, sleep);
        release(greenlets, waiters, sleep);
    }

    /** Spawns every greenlet, then lets each run once, up to its park. */
    private static void spawnParked(Greenlet<?>[] greenlets, Waiter[] waiters, boolean sleep) {
        for (int i = 0; i < greenlets.length; i++) {
            int slot = i;
            greenlets[i] = sleep
                    ? Gevent.spawn(() -> Gevent.sleep(3_600_000L))
                    : Gevent.spawn(() -> {
                        Waiter w = new Waiter();
                        waiters[slot] = w;
                        w.await();
                    });
        }
        Gevent.sleep(0);
    }

    private static void release(Greenlet<?>[] greenlets, Waiter[] waiters, boolean sleep) {
        if (sleep) {
            for (Greenlet<?> g : greenlets) {
                g.killAsync();
            }
        } else {
            for (Waiter w : waiters) {
                w.wake();
            }
        }
        for (Greenlet<?> g : greenlets) {
            g.join();
        }
    }

    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
