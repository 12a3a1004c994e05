package io.gevent4j.internal;

/** Rethrows any throwable unchanged, checked or not, so a failure reaches its caller as itself. */
public final class Rethrow {
    private Rethrow() {}

    /**
     * Throws {@code t}, checked or not; declared to return an exception so that callers can write
     * {@code throw Rethrow.unchecked(t)}.
     *
     * @param t what to throw
     * @return never
     */
    public static RuntimeException unchecked(Throwable t) {
        throw Rethrow.<RuntimeException>cast(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E cast(Throwable t) throws E {
        throw (E) t;
    }
}
