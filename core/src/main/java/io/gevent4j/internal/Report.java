package io.gevent4j.internal;

/**
 * How gevent4j reports a failure nobody can catch (a failed greenlet, a link callback or a server
 * handler that threw): one block on stderr, as gevent's hub prints it, never interleaved with another.
 */
public final class Report {
    private Report() {}

    /** Prints {@code what} and the stack trace of {@code t} on stderr. */
    public static void failure(String what, Throwable t) {
        synchronized (System.err) {
            System.err.println(what);
            t.printStackTrace();
        }
    }

    /** Runs a link callback of {@code owner}; one that throws is reported and does not stop the caller. */
    public static void runCallback(Runnable callback, Object owner) {
        try {
            callback.run();
        } catch (Throwable t) {
            failure("link callback " + callback + " of " + owner + " failed", t);
        }
    }
}
