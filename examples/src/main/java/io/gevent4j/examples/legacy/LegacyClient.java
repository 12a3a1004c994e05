package io.gevent4j.examples.legacy;

import java.time.Duration;

/**
 * Stands for a third-party client library that knows nothing of gevent4j. {@link #fetch} asks its
 * server and waits for the reply the way a client library written for threads does: it holds its
 * thread until the reply is there (here, it spins until the reply is due; a library in C blocks in
 * native code). On a hub that holds every greenlet: ten fetches of 200 ms take two seconds.
 */
public class LegacyClient {
    private final long latencyNanos;

    public LegacyClient(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    /** The value of {@code key}, after the server's latency. */
    public String fetch(String key) {
        awaitReply(System.nanoTime() + latencyNanos);
        return key + "=" + Integer.toHexString(key.hashCode());
    }

    /** Waits until the reply, due at {@code dueNanos} ({@link System#nanoTime()}), has come. */
    protected void awaitReply(long dueNanos) {
        while (System.nanoTime() - dueNanos < 0) {
            Thread.onSpinWait();
        }
    }
}
