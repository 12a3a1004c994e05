package io.gevent4j.monkey.patches;

/** Throws a checked exception from code that does not declare it (it does reach the advised JDK method, which does). */
final class Sneaky {
    private Sneaky() {}

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
