package io.gevent4j;

/** Rethrows any throwable unchanged, so a greenlet's checked failure reaches its joiner as itself. */
final class Sneaky {
    private Sneaky() {}

    static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>cast(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E cast(Throwable t) throws E {
        throw (E) t;
    }
}
