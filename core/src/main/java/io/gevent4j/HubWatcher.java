package io.gevent4j;

import io.gevent4j.internal.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one daemon thread that looks at every hub from outside: it runs the {@link PinnedWaitWatchdog}
 * and the {@link HubObserver}s, each at its own period, and hands them what it read of each hub in that
 * look. Started with the JVM's first hub (or first observer); it then also runs the
 * {@link HubObserver.Installer}s found with {@link ServiceLoader}.
 *
 * <p>A look reads the fields the hub's loop writes anyway ({@code running}, {@code stepStartedAt},
 * {@code switches}): the loop does no work for it.
 */
final class HubWatcher {
    static final String THREAD_NAME = "gevent4j-watcher";
    /** The longest the thread sleeps when no observer is due sooner (the watchdog always is). */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final List<Entry> ENTRIES = new CopyOnWriteArrayList<>();
    /** Held by the watcher thread while it calls observers, so that closing a registration can wait for a call in progress. */
    private static final ReentrantLock LOOKING = new ReentrantLock();

    private static final Object START_LOCK = new Object();
    /** Guarded by {@link #START_LOCK}. */
    private static Thread thread;
    /** Guarded by {@link #START_LOCK}. */
    private static boolean installed;

    private HubWatcher() {}

    /** Called when a hub is created: starts the watcher, and runs the installers once per JVM. */
    static void hubCreated() {
        ensureStarted();
        boolean install;
        synchronized (START_LOCK) {
            install = !installed;
            installed = true;
        }
        if (install) {
            runInstallers();
        }
    }

    private static void runInstallers() {
        try {
            for (HubObserver.Installer installer :
                    ServiceLoader.load(HubObserver.Installer.class, HubObserver.class.getClassLoader())) {
                try {
                    installer.install();
                } catch (RuntimeException e) {
                    Report.failure(Report.HUB, "gevent4j: hub observer installer " + installer + " failed", e);
                }
            }
        } catch (ServiceConfigurationError e) {
            Report.failure(Report.HUB, "gevent4j: cannot load the hub observer installers", e);
        }
    }

    static HubObserver.Registration add(Duration period, HubObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (Objects.requireNonNull(period, "period").isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        Entry e = new Entry(observer, period.toNanos());
        ENTRIES.add(e);
        Thread t = ensureStarted();
        LockSupport.unpark(t); // so that it sleeps no longer than this period
        return e;
    }

    private static Thread ensureStarted() {
        synchronized (START_LOCK) {
            if (thread == null) {
                ENTRIES.add(new Entry(new PinnedWaitWatchdog(), PinnedWaitWatchdog.PERIOD.toNanos()));
                thread = Thread.ofPlatform().daemon().name(THREAD_NAME).start(HubWatcher::watch);
            }
            return thread;
        }
    }

    private static void watch() {
        List<Entry> due = new ArrayList<>();
        while (true) {
            long now = System.nanoTime();
            long sleep = MAX_SLEEP_NANOS;
            for (Entry e : ENTRIES) {
                if (e.nextLook - now <= 0) {
                    due.add(e);
                    e.nextLook = now + e.periodNanos;
                }
                sleep = Math.min(sleep, e.nextLook - now);
            }
            if (!due.isEmpty()) {
                look(due);
                due.clear();
            }
            LockSupport.parkNanos(HubWatcher.class, sleep);
        }
    }

    /** One look: every due observer sees the same reading of each hub. */
    private static void look(List<Entry> due) {
        LOOKING.lock();
        try {
            for (Entry e : due) {
                if (!e.closed) {
                    try {
                        e.observer.lookStarted();
                    } catch (RuntimeException ex) {
                        e.failed(ex);
                    }
                }
            }
            for (Hub hub : Hub.all()) {
                Greenlet<?> g = hub.running();
                if (g == null) {
                    continue;
                }
                long mountedAt = hub.mountedAt();
                long mount = hub.switches();
                if (hub.running() != g) {
                    continue; // it switched while we read
                }
                long mountedNanos = Math.max(0, System.nanoTime() - mountedAt);
                for (Entry e : due) {
                    if (!e.closed) {
                        try {
                            e.observer.mounted(hub, g, mountedNanos, mount);
                        } catch (RuntimeException ex) {
                            e.failed(ex);
                        }
                    }
                }
            }
        } finally {
            LOOKING.unlock();
        }
    }

    /** One registered observer and when it looks next (read and written by the watcher thread only). */
    private static final class Entry implements HubObserver.Registration {
        final HubObserver observer;
        final long periodNanos;
        long nextLook;
        volatile boolean closed;

        Entry(HubObserver observer, long periodNanos) {
            this.observer = observer;
            this.periodNanos = periodNanos;
            this.nextLook = System.nanoTime() + periodNanos;
        }

        void failed(RuntimeException e) {
            Report.failure(Report.HUB, "gevent4j: hub observer " + observer + " failed", e);
        }

        @Override
        public void close() {
            closed = true;
            ENTRIES.remove(this);
            if (!LOOKING.isHeldByCurrentThread()) {
                LOOKING.lock(); // waits for a look in progress to end
                LOOKING.unlock();
            }
        }
    }
}
