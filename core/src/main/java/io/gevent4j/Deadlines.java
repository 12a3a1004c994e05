package io.gevent4j;

import java.time.Duration;
import java.util.Objects;

/** Turns user timeouts into {@link System#nanoTime()} deadlines, checking them once, at the API edge. */
public final class Deadlines {
    /** The deadline of a wait that has none. */
    public static final long NONE = Strand.NO_DEADLINE;

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
        long now = System.nanoTime();
        long nanos = timeout.compareTo(Duration.ofDays(365L * 100)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        return now + nanos;
    }

    /** The deadline {@code millis} milliseconds from now; a negative value is an error. */
    public static long afterMillis(long millis, String what) {
        if (millis < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + millis + " ms");
        }
        return after(Duration.ofMillis(millis), what);
    }

    /** Whether {@code deadline} has passed. */
    public static boolean passed(long deadline) {
        return deadline != NONE && deadline - System.nanoTime() <= 0;
    }
}
