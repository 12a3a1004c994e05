package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Target: 100,000 greenlets each sleeping 1 s all finish in under 1.3 s of wall time, in a cold JVM
 * (its first round).
 *
 * <p>Each round spawns {@code count} greenlets that call {@code Gevent.sleep(millis)} and joins them
 * all, timing from the first spawn to the end of {@code joinAll}, as gevent_micro.py's
 * {@code sleepers} does. The first round runs in a cold JVM, like the Python figure; later rounds show
 * the warmed-up cost.
 *
 * <p>{@code warmup} (default 0) first runs that many greenlets through a 1 ms sleep, outside the timing:
 * an experiment for the cold-JVM cost. The wake-up path of a sleep is C2-compiled before any sleeper has
 * woken, so without it every parked sleeper of the first rounds hits an uncommon trap and is
 * deoptimised on wake-up (see docs/BENCHMARKS.md); a warm-up of about 2,000 removes that.
 *
 * <pre>java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar \
 *     io.gevent4j.benchmarks.SleepersMain [count=100000] [millis=1000] [rounds=3] [warmup=0]</pre>
 *
 * Prints one line starting {@code RESULT sleepers}.
 */
public final class SleepersMain {
    private SleepersMain() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmup = args.length > 3 ? Integer.parseInt(args[3].replace("_", "")) : 0;

        if (warmup > 0) {
            List<Greenlet<Void>> early = new ArrayList<>(warmup);
            for (int i = 0; i < warmup; i++) {
                early.add(Gevent.spawn(() -> Gevent.sleep(1)));
            }
            Gevent.joinAll(early);
        }

        double first = 0;
        double best = Double.MAX_VALUE;
        StringBuilder all = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            List<Greenlet<Void>> sleepers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sleepers.add(Gevent.spawn(() -> Gevent.sleep(millis)));
            }
            List<Greenlet<Void>> done = Gevent.joinAll(sleepers);
            double wall = (System.nanoTime() - t0) / 1e9;
            if (done.size() != count) {
                throw new AssertionError(done.size() + " of " + count + " finished");
            }
            if (round == 0) {
                first = wall;
            }
            best = Math.min(best, wall);
            all.append(all.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.3f", wall));
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT sleepers greenlets=%d sleep_ms=%d warmup=%d first_wall_s=%.3f best_wall_s=%.3f rounds_s=%s%n",
                count,
                millis,
                warmup,
                first,
                best,
                all);
    }
}
