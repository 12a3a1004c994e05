package io.gevent4j.compat.child;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a forked case program is told (system properties {@code compat.*}): N, the latency L, the mode,
 * and where the parent's servers listen. Also the in-process peer: platform threads that act "L ms later".
 */
public final class Ctx implements AutoCloseable {
    public static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int n;
    private final int l;
    private final String mode;
    private ScheduledThreadPoolExecutor peer;

    Ctx(int n, int l, String mode) {
        this.n = n;
        this.l = l;
        this.mode = mode;
    }

    static Ctx fromSystemProperties() {
        return new Ctx(Integer.parseInt(prop("compat.n")), Integer.parseInt(prop("compat.l")), prop("compat.mode"));
    }

    /** Greenlets in the measured run. */
    public int n() {
        return n;
    }

    /** The latency of one call, in milliseconds. */
    public int l() {
        return l;
    }

    /** L in seconds, as {@code sleep(1)} takes it: "0.400". */
    public String seconds() {
        return String.format(java.util.Locale.ROOT, "%.3f", l / 1000.0);
    }

    public String mode() {
        return mode;
    }

    /** A {@code compat.*} system property the parent set. */
    public static String prop(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("the test did not set -D" + name);
        }
        return v;
    }

    public static int port(String name) {
        return Integer.parseInt(prop(name));
    }

    /**
     * Platform threads, started now, that run actions later (a producer putting into a queue, a
     * notifier): create it in {@link Case#open} so its threads exist before the leak count starts.
     */
    public ScheduledExecutorService peer() {
        if (peer == null) {
            peer = new ScheduledThreadPoolExecutor(2, r -> {
                Thread t = new Thread(r, "compat-peer");
                t.setDaemon(true);
                return t;
            });
            peer.prestartAllCoreThreads();
        }
        return peer;
    }

    /** Runs {@code action} on a peer thread {@code l} ms from now. */
    public void later(Action action) {
        peer().schedule(
                        () -> {
                            action.run();
                            return null;
                        },
                        l,
                        TimeUnit.MILLISECONDS);
    }

    /** Fails unless {@code actual} is what a correct answer must be. */
    public static String expect(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected '" + expected + "', got '" + actual + "'");
        }
        return actual;
    }

    @Override
    public void close() throws InterruptedException {
        if (peer != null) {
            peer.shutdown();
            peer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A peer action. */
    public interface Action {
        void run() throws Exception;
    }
}
