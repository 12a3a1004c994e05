package io.gevent4j;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the timed waits of pinned greenlets. A greenlet that parks while it cannot unmount (a class
 * initialiser or native frame on its stack; a monitor before JDK 24) holds its hub's thread, so the
 * hub timer that would end its wait can never fire. One daemon thread for the JVM looks at every
 * hub's mounted greenlet every {@value #PERIOD_MILLIS} ms and unparks one whose wait deadline has
 * passed while it is still parked on the hub's thread; its wait then sees the deadline and returns.
 *
 * <p>Why not ask on every timed wait whether the greenlet is pinned: the only question the JDK
 * answers is "did this yield leave?", and asking it cost every timed wait an extra switch (100,000
 * one-second sleepers took 0.1 s longer). A pinned timed wait instead overshoots by up to one period.
 */
final class PinnedWaitWatchdog {
    static final long PERIOD_MILLIS = 10;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private PinnedWaitWatchdog() {
    }

    /** Starts the watchdog once per JVM; called when the first hub is created. */
    static void ensureStarted() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("gevent4j-pinned-wait-watchdog").start(PinnedWaitWatchdog::watch);
        }
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            long now = System.nanoTime();
            for (Hub hub : Hub.all()) {
                Greenlet<?> g = hub.running();
                if (g != null) {
                    g.endPinnedWaitIfOverdue(now);
                }
            }
        }
    }
}
