package io.gevent4j;

import java.time.Duration;

/**
 * An immutable snapshot of one hub's counters ({@link Hub#stats()}).
 *
 * @param hub the name of the hub's thread
 * @param alive greenlets whose body has started and not ended
 * @param spawned greenlets ever started (or scheduled to start) on the hub
 * @param finished greenlets that ended: returned, failed, or were killed (also before starting)
 * @param failed greenlets that ended with an exception other than {@link GreenletExit}
 * @param switches times a greenlet was mounted on the hub's thread
 * @param loopIterations turns of the hub's loop while its thread waited
 * @param ready greenlets and callbacks queued to run now
 * @param timers live timers (sleeps, timeouts, delayed starts)
 * @param busyNanos time spent running greenlets and callbacks
 * @param idleNanos time the hub's thread spent parked with nothing to do
 * @param longestStepNanos the longest a single greenlet ran before giving the hub back
 * @param socketWaits greenlets now waiting for a socket on the hub's own epoll set (patch agent's socket patch)
 * @param socketWakeups greenlets the hub's epoll set has woken, ever: socket readiness found by the hub's own
 *        thread, with no JDK poller thread involved
 */
public record HubStats(
        String hub,
        int alive,
        long spawned,
        long finished,
        long failed,
        long switches,
        long loopIterations,
        int ready,
        int timers,
        long busyNanos,
        long idleNanos,
        long longestStepNanos,
        int socketWaits,
        long socketWakeups) {

    /**
     * {@link #busyNanos()} as a duration.
     *
     * @return the time spent running greenlets and callbacks
     */
    public Duration busy() {
        return Duration.ofNanos(busyNanos);
    }

    /**
     * {@link #idleNanos()} as a duration.
     *
     * @return the time the hub's thread spent parked with nothing to do
     */
    public Duration idle() {
        return Duration.ofNanos(idleNanos);
    }

    /**
     * {@link #longestStepNanos()} as a duration.
     *
     * @return the longest a single greenlet ran before giving the hub back
     */
    public Duration longestStep() {
        return Duration.ofNanos(longestStepNanos);
    }
}
