package io.gevent4j.compat.child;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code System.in}: every greenlet reads one 10-byte record; the parent writes all N records to this
 * JVM's standard input (a pipe) L ms after the first greenlet says it is about to read (by printing
 * {@link #WANTED}). Which greenlet gets which record is up to the order they take the stream's lock,
 * so results are compared as a sorted list.
 */
public final class StdinCase extends Case {
    /** "stdin-%03d\n". */
    public static final int RECORD = 10;
    /** The line that asks the parent for the data. */
    public static final String WANTED = "stdin-wanted";

    private final AtomicBoolean asked = new AtomicBoolean();

    @Override
    protected String warmUp() {
        return "none: standard input is read once";
    }

    @Override
    public String call(int i) throws Exception {
        if (asked.compareAndSet(false, true)) {
            System.out.println(WANTED);
            System.out.flush();
        }
        byte[] record = System.in.readNBytes(RECORD);
        return Io.string(record, record.length).strip();
    }

    @Override
    protected boolean ordered() {
        return false;
    }
}
