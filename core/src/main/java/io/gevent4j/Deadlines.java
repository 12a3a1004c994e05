package io.gevent4j;

import java.time.Duration;
import java.util.Objects;

/** Turns user timeouts into {@link System#nanoTime()} deadlines, checking them once, at the API edge. */
public final class Deadlines {
    /** The deadline of a wait that has none. */
    public static final long NONE = Strand.NO_DEADLINE;
    /** Longer waits are cut to this (about 146 years), so deadlines never wrap around. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;
    private static final Duration MAX = Duration.ofNanos(MAX_NANOS);

    private Deadlines() {}

    /**
     * The deadline {@code timeout} from now.
     *
     * @throws NullPointerException if {@code timeout} is null, naming {@code what}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static long after(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + timeout);
        }
        long nanos = timeout.compareTo(MAX) > 0 ? MAX_NANOS : timeout.toNanos();
        return System.nanoTime() + nanos;
    }

    /** The deadline {@code millis} milliseconds from now; a negative value is an error. */
    public static long afterMillis(long millis, String what) {
        if (millis < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + millis + " ms");
        }
        return System.nanoTime() + (millis > MAX_NANOS / 1_000_000 ? MAX_NANOS : millis * 1_000_000);
    }

    /** Whether {@code deadline} has passed. */
    public static boolean passed(long deadline) {
        return deadline != NONE && deadline - System.nanoTime() <= 0;
    }
}
