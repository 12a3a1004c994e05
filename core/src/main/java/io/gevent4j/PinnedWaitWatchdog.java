package io.gevent4j;

import java.time.Duration;

/**
 * Ends the timed waits of pinned greenlets. A greenlet that parks while it cannot unmount (a class
 * initialiser or native frame on its stack; a monitor before JDK 24) holds its hub's thread, so the
 * hub timer that would end its wait can never fire. Every {@link #PERIOD}, on the {@link HubWatcher}'s
 * thread, the watchdog looks at every hub's mounted greenlet and unparks one whose wait deadline has
 * passed while it is still parked on the hub's thread; its wait then sees the deadline and returns.
 *
 * <p>Why not ask on every timed wait whether the greenlet is pinned: the only question the JDK
 * answers is "did this yield leave?", and asking it cost every timed wait an extra switch. A pinned
 * timed wait instead overshoots by up to one period.
 */
final class PinnedWaitWatchdog implements HubObserver {
    static final Duration PERIOD = Duration.ofMillis(10);

    @Override
    public void mounted(Hub hub, Greenlet<?> greenlet, long mountedNanos, long mount) {
        greenlet.endPinnedWaitIfOverdue(System.nanoTime());
    }

    @Override
    public String toString() {
        return "pinned-wait watchdog";
    }
}
