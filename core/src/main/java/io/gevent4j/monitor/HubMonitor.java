package io.gevent4j.monitor;

import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.HubObserver;
import io.gevent4j.jfr.HubStallEvent;
import io.gevent4j.internal.Report;
import io.gevent4j.internal.Threads;
import io.gevent4j.jfr.Jfr;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Watches every hub for the one way a cooperative runtime fails: a greenlet that keeps its hub from
 * switching, so every other greenlet stalls (gevent's monitor thread and {@code max_blocking_time}).
 *
 * <p>It looks at the hubs from gevent4j's watcher thread, through the {@link HubObserver} hook that
 * any tool may use. It is off until {@link #start(Duration, long)} or the system
 * property {@code -Dgevent4j.monitor=true} (with {@code gevent4j.monitor.maxBlockingTimeMillis},
 * default 100, {@code gevent4j.monitor.maxMemoryBytes}, default off, and
 * {@code gevent4j.monitor.pinnedEvents}, default false) turns it on. When a
 * greenlet has run longer than {@code maxBlockingTime} without giving its hub back, the monitor
 * reports it once: which greenlet, on which hub, for how long, and its stack — reported on the
 * {@code io.gevent4j.monitor} {@link System.Logger} (on stderr unless a logging framework takes it),
 * sent to every {@linkplain #addListener listener}, and recorded as a JFR {@link HubStallEvent}. A greenlet
 * that parks while pinned to the hub's thread is reported as {@link MonitorReport.Kind#PINNED}, both when
 * seen live and from the JDK's {@code jdk.VirtualThreadPinned} events. Heap use above the threshold is
 * reported once each time it crosses it.
 *
 * <p>Cost: the hub records when each greenlet is mounted whether or not the monitor runs; the watcher
 * thread looks every {@code maxBlockingTime / 4} (between 1 and 50 ms) and reads a few fields of each hub.
 *
 * <p>Thread-safety: every method may be called from any thread. Reports reach the listeners on the
 * watcher thread.
 */
public final class HubMonitor {
    /** How long a greenlet may keep its hub before it is reported, unless told otherwise: 100 ms. */
    public static final Duration DEFAULT_MAX_BLOCKING_TIME = Duration.ofMillis(100);

    private static final List<Consumer<MonitorReport>> LISTENERS = new CopyOnWriteArrayList<>();
    private static HubMonitor running; // guarded by HubMonitor.class

    private final long maxBlockingNanos;
    private final long maxMemoryBytes;
    private final HubObserver.Registration registration;
    private final RecordingStream pinnedEvents;
    /** Confined to the watcher thread: the last mount reported per hub, so each stall is reported once. */
    private final Map<Hub, Long> reportedStep = new WeakHashMap<>();
    /**
     * Guarded by itself: greenlet id → when a live report named it, to skip the JFR duplicate of that
     * pin. Bounded: only recent reports can have a JFR event still on its way.
     */
    private final Map<Long, Long> liveReports = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 1024;
        }
    };
    /** Confined to the watcher thread. */
    private boolean aboveMemory;

    private HubMonitor(Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents) {
        this.maxBlockingNanos = maxBlockingTime.toNanos();
        this.maxMemoryBytes = maxMemoryBytes;
        this.pinnedEvents = watchPinnedEvents ? startPinnedEvents(maxBlockingTime) : null;
        long period = Math.max(1_000_000L, Math.min(maxBlockingNanos / 4, 50_000_000L));
        this.registration = Hub.addObserver(Duration.ofNanos(period), new Looks());
    }

    /** What the monitor does at each of the watcher's looks. */
    private final class Looks implements HubObserver {
        @Override
        public void lookStarted() {
            if (maxMemoryBytes > 0) {
                checkMemory();
            }
        }

        @Override
        public void mounted(Hub hub, Greenlet<?> greenlet, long mountedNanos, long mount) {
            checkHub(hub, greenlet, mountedNanos, mount);
        }

        @Override
        public String toString() {
            return "gevent4j monitor";
        }
    }

    /**
     * Starts the monitor (restarting it with the new settings if it runs), without JFR pinned events.
     *
     * @param maxBlockingTime how long a greenlet may keep its hub before it is reported
     * @param maxMemoryBytes heap use that triggers a memory report; 0 for none
     * @throws NullPointerException if {@code maxBlockingTime} is null
     * @throws IllegalArgumentException if {@code maxBlockingTime} is not positive or
     *     {@code maxMemoryBytes} is negative
     */
    public static void start(Duration maxBlockingTime, long maxMemoryBytes) {
        start(maxBlockingTime, maxMemoryBytes, false);
    }

    /**
     * Starts the monitor (restarting it with the new settings if it runs).
     *
     * @param maxBlockingTime how long a greenlet may keep its hub before it is reported
     * @param maxMemoryBytes heap use that triggers a memory report; 0 for none
     * @param watchPinnedEvents also subscribe to the JDK's {@code jdk.VirtualThreadPinned} events,
     *     which give a pin's exact duration and reason even between two looks of the monitor. Off by
     *     default: a running JFR stream adds bookkeeping to every virtual-thread switch (see
     *     docs/BENCHMARKS.md). Pins that stall a hub past {@code maxBlockingTime} are reported either way.
     * @throws NullPointerException if {@code maxBlockingTime} is null
     * @throws IllegalArgumentException if {@code maxBlockingTime} is not positive or
     *     {@code maxMemoryBytes} is negative
     */
    public static synchronized void start(Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents) {
        Objects.requireNonNull(maxBlockingTime, "maxBlockingTime");
        if (maxBlockingTime.isNegative() || maxBlockingTime.isZero()) {
            throw new IllegalArgumentException("maxBlockingTime must be positive: " + maxBlockingTime);
        }
        if (maxMemoryBytes < 0) {
            throw new IllegalArgumentException("maxMemoryBytes must not be negative: " + maxMemoryBytes);
        }
        stop();
        running = new HubMonitor(maxBlockingTime, maxMemoryBytes, watchPinnedEvents);
    }

    /** Starts the monitor with the default {@code maxBlockingTime} of 100 ms and no memory threshold. */
    public static void start() {
        start(DEFAULT_MAX_BLOCKING_TIME, 0);
    }

    /**
     * Stops the monitor; a no-op when it is not running. Once this returns, no look of the monitor is in
     * progress, unless it is called by a listener (on the watcher thread).
     */
    public static synchronized void stop() {
        HubMonitor m = running;
        running = null;
        if (m != null) {
            m.registration.close();
            if (m.pinnedEvents != null) {
                closeOffThisThread(m.pinnedEvents);
            }
        }
    }

    /**
     * Closes the JFR stream on a thread of its own: JFR stops recording the events of the thread that
     * closes a stream, and the caller of {@link #stop()} is often a hub's thread.
     */
    private static void closeOffThisThread(RecordingStream stream) {
        Threads.joinUninterruptibly(Thread.ofPlatform().daemon().name("gevent4j-monitor-close").start(stream::close));
    }

    /**
     * Whether the monitor runs.
     *
     * @return whether it was started and not stopped
     */
    public static synchronized boolean isRunning() {
        return running != null;
    }

    /**
     * Sends every report to {@code listener} too (on the watcher thread), besides reporting it. A
     * listener that throws is reported and the others still run.
     *
     * @param listener what receives the reports
     * @throws NullPointerException if {@code listener} is null
     */
    public static void addListener(Consumer<MonitorReport> listener) {
        LISTENERS.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops sending reports to {@code listener}.
     *
     * @param listener a listener added with {@link #addListener}
     * @return whether it was registered
     */
    public static boolean removeListener(Consumer<MonitorReport> listener) {
        return LISTENERS.remove(listener);
    }

    /** Called when the first hub is created (by {@link MonitorInstaller}): starts the monitor if {@code -Dgevent4j.monitor=true}. */
    static synchronized void startIfConfigured() {
        if (Boolean.getBoolean("gevent4j.monitor") && running == null) {
            start(Duration.ofMillis(Long.getLong("gevent4j.monitor.maxBlockingTimeMillis", 100)),
                    Long.getLong("gevent4j.monitor.maxMemoryBytes", 0), Boolean.getBoolean("gevent4j.monitor.pinnedEvents"));
        }
    }

    private void checkHub(Hub hub, Greenlet<?> g, long ranFor, long mount) {
        if (ranFor < maxBlockingNanos) {
            return;
        }
        Long reported = reportedStep.get(hub);
        if (reported != null && reported == mount) {
            return; // this stall was reported already
        }
        reportedStep.put(hub, mount);
        Thread.State state = g.thread().getState();
        boolean pinned = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || state == Thread.State.BLOCKED;
        synchronized (liveReports) {
            liveReports.put(g.id(), System.nanoTime());
        }
        publish(new MonitorReport(pinned ? MonitorReport.Kind.PINNED : MonitorReport.Kind.STALL,
                hub.thread().getName(), g.name(), g.id(), Duration.ofNanos(ranFor), g.thread().getStackTrace(), 0));
    }

    private void checkMemory() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean above = heap.getUsed() > maxMemoryBytes;
        if (above && !aboveMemory) {
            publish(new MonitorReport(MonitorReport.Kind.MEMORY, null, null, 0, Duration.ZERO,
                    new StackTraceElement[0], heap.getUsed()));
        }
        aboveMemory = above;
    }

    private RecordingStream startPinnedEvents(Duration threshold) {
        try {
            RecordingStream rs = new RecordingStream();
            rs.enable("jdk.VirtualThreadPinned").withThreshold(threshold).withStackTrace();
            rs.onEvent("jdk.VirtualThreadPinned", this::pinned);
            rs.startAsync();
            return rs;
        } catch (RuntimeException | Error e) {
            Report.warning(Report.MONITOR, "gevent4j monitor: cannot watch jdk.VirtualThreadPinned events (" + e
                    + "); pinned greenlets are still reported while they stall their hub");
            return null;
        }
    }

    /** A JDK pinned-park event: report it unless the live check already named that greenlet during it. */
    private void pinned(RecordedEvent event) {
        if (event.getThread() == null) {
            return;
        }
        long threadId = event.getThread().getJavaThreadId();
        for (Hub hub : Hub.all()) {
            for (Greenlet<?> g : hub.greenlets()) {
                if (g.thread().threadId() == threadId) {
                    long endedAgo = Duration.between(event.getEndTime(), Instant.now()).toNanos();
                    long startedAt = System.nanoTime() - endedAgo - event.getDuration().toNanos();
                    Long live;
                    synchronized (liveReports) {
                        live = liveReports.get(g.id());
                    }
                    if (live != null && live - startedAt >= 0) {
                        return; // reported live while it was pinned
                    }
                    publish(new MonitorReport(MonitorReport.Kind.PINNED, hub.thread().getName(), g.name(), g.id(),
                            event.getDuration(), frames(event), 0));
                    return;
                }
            }
        }
    }

    private static StackTraceElement[] frames(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return new StackTraceElement[0];
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        StackTraceElement[] out = new StackTraceElement[frames.size()];
        for (int i = 0; i < out.length; i++) {
            RecordedFrame f = frames.get(i);
            out[i] = new StackTraceElement(f.getMethod().getType().getName(), f.getMethod().getName(), null,
                    f.getLineNumber());
        }
        return out;
    }

    private static void publish(MonitorReport report) {
        if (report.kind() != MonitorReport.Kind.MEMORY && Jfr.started()) {
            HubStallEvent e = new HubStallEvent();
            if (e.shouldCommit()) {
                e.hub = report.hub();
                e.greenlet = report.greenlet();
                e.kind = report.kind() == MonitorReport.Kind.PINNED ? "pinned" : "running";
                e.blockedFor = report.blockedFor().toNanos();
                e.stack = report.text();
                e.commit();
            }
        }
        String text = report.text(); // one line per frame, each ending with a line separator
        Report.warning(Report.MONITOR, text.substring(0, text.length() - System.lineSeparator().length()));
        for (Consumer<MonitorReport> listener : LISTENERS) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                Report.warning(Report.MONITOR, "gevent4j monitor: listener " + listener + " failed: " + e);
            }
        }
    }
}
