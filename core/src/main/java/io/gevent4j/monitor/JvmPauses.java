package io.gevent4j.monitor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The stretches of time in which the whole JVM stood still (a garbage collection, a safepoint, or the
 * operating system not running the JVM at all), as the watcher thread sees them: a look that comes
 * later than it was due by more than {@link #SLACK_NANOS} means no Java thread ran meanwhile, the
 * watcher included. A greenlet mounted across such a stretch did not hold its hub during it, so the
 * monitor subtracts it before it blames the greenlet.
 *
 * <p>Confined to the watcher thread.
 */
final class JvmPauses {
    /** A look this much later than due is a pause: the watcher's own timer slack stays well below. */
    static final long SLACK_NANOS = 5_000_000L;

    private static final int KEPT = 64;

    /** Pause intervals, oldest overwritten first: {@code [start, end)} in {@link System#nanoTime()} terms. */
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    private final long[] starts = new long[KEPT];
    private final long[] ends = new long[KEPT];
    private final boolean[] collections = new boolean[KEPT];
    private int next;
    private int count;
    private long lastLook;
    private long lastCollections = collections();
    /** The end of the newest pause already reported, so each is reported once. */
    private long reportedUntil = System.nanoTime();

    /** Called at each look, {@code periodNanos} after the previous one was due. */
    void look(long now, long periodNanos) {
        long gc = collections();
        if (lastLook != 0) {
            long late = now - lastLook - periodNanos;
            if (late > SLACK_NANOS) {
                starts[next] = now - late;
                ends[next] = now;
                collections[next] = gc != lastCollections;
                next = (next + 1) % KEPT;
                count = Math.min(count + 1, KEPT);
            }
        }
        lastCollections = gc;
        lastLook = now;
    }

    /** How much of {@code [from, to)} the JVM spent paused, as far as the kept pauses tell. */
    long pausedDuring(long from, long to) {
        long paused = 0;
        for (int i = 0; i < count; i++) {
            long start = Math.max(starts[i], from);
            long end = Math.min(ends[i], to);
            if (end - start > 0) {
                paused += end - start;
            }
        }
        return paused;
    }

    /**
     * The newest pause of at least {@code minNanos} not reported yet, as {@code {start, end, gc}}
     * ({@code gc} 1 when collections ran in it), marking it reported; or null.
     */
    long[] takeUnreported(long minNanos) {
        for (int k = 1; k <= count; k++) {
            int i = Math.floorMod(next - k, KEPT);
            if (ends[i] - reportedUntil <= 0) {
                return null;
            }
            if (ends[i] - starts[i] >= minNanos) {
                reportedUntil = ends[i];
                return new long[] {starts[i], ends[i], collections[i] ? 1 : 0};
            }
        }
        return null;
    }

    private long collections() {
        long sum = 0;
        for (GarbageCollectorMXBean c : collectors) {
            sum += Math.max(0, c.getCollectionCount());
        }
        return sum;
    }
}
