package io.gevent4j.monitor;

import java.time.Duration;

/**
 * What the {@link HubMonitor} saw: a greenlet that kept its hub from switching, or memory use above
 * the configured threshold.
 *
 * @param kind what happened
 * @param hub the hub's thread name (null for {@link Kind#MEMORY} and the pauses)
 * @param greenlet the greenlet's name (null for {@link Kind#MEMORY} and the pauses)
 * @param greenletId the greenlet's id (0 for {@link Kind#MEMORY} and the pauses)
 * @param blockedFor how long the hub could not switch when reported (for a pin: how long it lasted)
 * @param stack the greenlet's stack when seen (empty for {@link Kind#MEMORY} and the pauses)
 * @param usedBytes heap in use (for {@link Kind#MEMORY}; 0 otherwise)
 */
public record MonitorReport(
        Kind kind,
        String hub,
        String greenlet,
        long greenletId,
        Duration blockedFor,
        StackTraceElement[] stack,
        long usedBytes) {

    /** What kind of trouble a report is about. */
    public enum Kind {
        /** A greenlet ran (computed, or blocked in a call the hub cannot see) without yielding. */
        STALL,
        /** A greenlet parked while pinned to the hub's thread (native frame, class initialiser, monitor before JDK 24). */
        PINNED,
        /** Heap use crossed the configured threshold. */
        MEMORY,
        /** A greenlet kept its hub while loading or defining classes (reading class files, verifying them). */
        CLASS_LOADING,
        /** A greenlet kept its hub while running a class initialiser ({@code <clinit>}), where it is pinned. */
        CLASS_INIT,
        /**
         * The whole JVM stood still while garbage was collected: no greenlet is to blame, and none is
         * named. {@code blockedFor} is how long.
         */
        GC_PAUSE,
        /**
         * The whole JVM stood still with no collection (a safepoint, or the operating system not running
         * it): no greenlet is to blame, and none is named. {@code blockedFor} is how long.
         */
        JVM_PAUSE
    }

    /**
     * A report; {@code stack} is copied.
     *
     * @param kind what happened
     * @param hub the hub's thread name
     * @param greenlet the greenlet's name
     * @param greenletId the greenlet's id
     * @param blockedFor how long the hub could not switch
     * @param stack the greenlet's stack
     * @param usedBytes heap in use
     */
    public MonitorReport {
        stack = stack.clone();
    }

    /**
     * The greenlet's stack when seen (empty for {@link Kind#MEMORY}).
     *
     * @return a copy of the frames
     */
    @Override
    public StackTraceElement[] stack() {
        return stack.clone();
    }

    /**
     * The report as printed on stderr: a line, then one line per frame.
     *
     * @return the text, ending with a line separator
     */
    public String text() {
        if (kind == Kind.MEMORY) {
            return String.format("gevent4j monitor: heap in use %,d bytes is above the threshold%n", usedBytes);
        }
        if (kind == Kind.GC_PAUSE || kind == Kind.JVM_PAUSE) {
            return String.format(
                    "gevent4j monitor: the whole JVM stood still for %d ms (%s); no greenlet is to blame%n",
                    blockedFor.toMillis(),
                    kind == Kind.GC_PAUSE
                            ? "garbage collection"
                            : "a safepoint, or the operating system did not run it");
        }
        StringBuilder sb = new StringBuilder(String.format(
                "gevent4j monitor: %s blocked hub '%s' for %d ms (%s)%n",
                greenlet,
                hub,
                blockedFor.toMillis(),
                switch (kind) {
                    case PINNED -> "parked while pinned to the hub's thread";
                    case CLASS_LOADING -> "loading classes";
                    case CLASS_INIT -> "initialising a class";
                    default -> "ran without yielding";
                }));
        for (StackTraceElement frame : stack) {
            sb.append("\tat ").append(frame).append(System.lineSeparator());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "MonitorReport[" + kind + ", " + greenlet + ", " + blockedFor + "]";
    }
}
