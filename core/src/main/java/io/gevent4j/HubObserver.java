package io.gevent4j;

/**
 * Looks at every hub from gevent4j's watcher thread: which greenlet holds each hub's thread, and for
 * how long. This is the hook that the stall monitor ({@code io.gevent4j.monitor.HubMonitor}) is built
 * on; any tool may use it the same way.
 *
 * <pre>{@code
 * HubObserver.Registration r = Hub.addObserver(Duration.ofMillis(50), (hub, greenlet, mountedNanos, mount) -> {
 *     if (mountedNanos > 1_000_000_000L) {
 *         System.err.println(greenlet.name() + " has held " + hub + " for over a second");
 *     }
 * });
 * ...
 * r.close();
 * }</pre>
 *
 * <p>Register an observer with {@link Hub#addObserver}. One daemon platform thread serves every
 * observer and gevent4j's own pinned-wait watchdog; at each look it reads a few fields of each hub,
 * which the hubs keep whether or not anyone looks, so observing costs the hubs nothing.
 *
 * <p>Threads: the methods are called on the watcher thread only, one call at a time. They must be short
 * and must not block, since they delay the other observers and the watchdog. What they read of a hub is
 * a recent view, taken without stopping it: the greenlet may have switched out by the time the call
 * runs. An exception thrown by an observer is reported and does not stop the watcher.
 */
@FunctionalInterface
public interface HubObserver {
    /**
     * Called at the start of every look of this observer, before {@link #mounted} for the hubs: for
     * checks that concern the whole JVM rather than one hub. Does nothing by default.
     */
    default void lookStarted() {}

    /**
     * Called at every look of this observer for each hub whose thread runs a greenlet at that moment.
     *
     * @param hub the hub
     * @param greenlet the greenlet mounted on the hub's thread
     * @param mountedNanos how long, in nanoseconds, the greenlet has run since it was mounted, without
     *     giving the hub back
     * @param mount a number that tells this mount of the hub apart from its others: two looks pass the
     *     same number for a hub only when the same greenlet stayed mounted in between
     */
    void mounted(Hub hub, Greenlet<?> greenlet, long mountedNanos, long mount);

    /** An observer's registration, from {@link Hub#addObserver}. */
    interface Registration extends AutoCloseable {
        /**
         * Stops calling the observer. Once this returns, no call to it is in progress, unless this is
         * called from the observer itself. Closing more than once is harmless.
         */
        @Override
        void close();
    }

    /**
     * Registers observers when the JVM's first hub is created, so that configuration alone can turn
     * one on (the stall monitor's {@code -Dgevent4j.monitor=true}). Found with
     * {@link java.util.ServiceLoader}, through a {@code META-INF/services/io.gevent4j.HubObserver$Installer}
     * entry, in the class loader of gevent4j's core.
     */
    interface Installer {
        /**
         * Called once per JVM, on the thread that creates the first hub, before that hub runs; may call
         * {@link Hub#addObserver}. Must not create a hub.
         */
        void install();
    }
}
