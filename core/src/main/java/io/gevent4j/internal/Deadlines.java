package io.gevent4j.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * gevent4j's one deadline vocabulary. A deadline is a {@link System#nanoTime()} value, or one of two
 * sentinels: {@link #NONE} (wait as long as it takes) and {@link #NOWAIT} (do not wait at all). User
 * timeouts are checked and turned into deadlines once, at the API edge, and every timeout is clamped to
 * {@link #MAX_NANOS} there, so a deadline never wraps around and never equals a sentinel.
 */
public final class Deadlines {
    /** The deadline of a wait that has none: it waits as long as it takes. */
    public static final long NONE = Long.MAX_VALUE;
    /** The deadline of a call that must not wait at all (the {@code *Nowait} and {@code try*} calls). */
    public static final long NOWAIT = Long.MIN_VALUE;
    /** The longest wait in nanoseconds (about 146 years): longer timeouts are cut to it. */
    public static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private static final Duration MAX = Duration.ofNanos(MAX_NANOS);

    private Deadlines() {}

    /**
     * The deadline {@code timeout} from now.
     *
     * @param timeout how long from now
     * @param what the parameter's name, for the exception messages
     * @return the deadline
     * @throws NullPointerException if {@code timeout} is null, naming {@code what}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static long after(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + timeout);
        }
        return afterNanos(timeout.compareTo(MAX) > 0 ? MAX_NANOS : timeout.toNanos());
    }

    /**
     * The deadline {@code millis} milliseconds from now.
     *
     * @param millis how long from now
     * @param what the parameter's name, for the exception message
     * @return the deadline
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static long afterMillis(long millis, String what) {
        if (millis < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + millis + " ms");
        }
        return afterNanos(millis > MAX_NANOS / 1_000_000 ? MAX_NANOS : millis * 1_000_000);
    }

    /**
     * The deadline {@code nanos} nanoseconds from now, clamped to {@link #MAX_NANOS}; for callers that
     * checked {@code nanos} already (the JDK's own timed calls, which the patch agent redirects).
     *
     * @param nanos how long from now, not negative
     * @return the deadline
     */
    public static long afterNanos(long nanos) {
        return System.nanoTime() + Math.min(nanos, MAX_NANOS);
    }

    /**
     * Whether {@code deadline} has passed. {@link #NONE} never passes; {@link #NOWAIT} always has.
     *
     * @param deadline a deadline or a sentinel
     * @return whether it has passed
     */
    public static boolean passed(long deadline) {
        return deadline != NONE && deadline - System.nanoTime() <= 0;
    }
}
