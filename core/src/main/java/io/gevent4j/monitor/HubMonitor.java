package io.gevent4j.monitor;

import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.jfr.HubStallEvent;
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
 * <p>One daemon thread serves all hubs. It is off until {@link #start(Duration, long)} or the system
 * property {@code -Dgevent4j.monitor=true} (with {@code gevent4j.monitor.maxBlockingTimeMillis},
 * default 100, {@code gevent4j.monitor.maxMemoryBytes}, default off, and
 * {@code gevent4j.monitor.pinnedEvents}, default false) turns it on. When a
 * greenlet has run longer than {@code maxBlockingTime} without giving its hub back, the monitor
 * reports it once: which greenlet, on which hub, for how long, and its stack — printed on stderr, sent
 * to every {@linkplain #addListener listener}, and recorded as a JFR {@link HubStallEvent}. A greenlet
 * that parks while pinned to the hub's thread is reported as {@link MonitorReport.Kind#PINNED}, both when
 * seen live and from the JDK's {@code jdk.VirtualThreadPinned} events. Heap use above the threshold is
 * reported once each time it crosses it.
 *
 * <p>Cost: the hub records when each greenlet is mounted whether or not the monitor runs; the monitor
 * thread wakes every {@code maxBlockingTime / 4} and reads a few fields of each hub.
 */
public final class HubMonitor {
    public static final Duration DEFAULT_MAX_BLOCKING_TIME = Duration.ofMillis(100);

    private static final List<Consumer<MonitorReport>> LISTENERS = new CopyOnWriteArrayList<>();
    private static HubMonitor running; // guarded by HubMonitor.class
    private static boolean configuredChecked; // guarded by HubMonitor.class

    private final long maxBlockingNanos;
    private final long maxMemoryBytes;
    private final Thread thread;
    private final RecordingStream pinnedEvents;
    private volatile boolean stopped;
    /** Monitor-thread confined: the last step reported per hub, so each stall is reported once. */
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
    private boolean aboveMemory;

    private HubMonitor(Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents) {
        this.maxBlockingNanos = maxBlockingTime.toNanos();
        this.maxMemoryBytes = maxMemoryBytes;
        this.pinnedEvents = watchPinnedEvents ? startPinnedEvents(maxBlockingTime) : null;
        this.thread = Thread.ofPlatform().daemon().name("gevent4j-monitor").unstarted(this::loop);
        thread.start();
    }

    /**
     * Starts the monitor (restarting it with the new settings if it runs), without JFR pinned events.
     *
     * @param maxBlockingTime how long a greenlet may keep its hub before it is reported
     * @param maxMemoryBytes heap use that triggers a memory report; 0 for none
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
     *     default: a running JFR stream adds bookkeeping to every virtual-thread switch (measured: a
     *     greenlet switch went from 157 to 225 ns). Pins that stall a hub past
     *     {@code maxBlockingTime} are reported either way.
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

    /** Stops the monitor and waits for its thread to end; a no-op when it is not running. */
    public static synchronized void stop() {
        HubMonitor m = running;
        running = null;
        if (m != null) {
            m.stopped = true;
            m.thread.interrupt();
            boolean interrupted = false;
            while (m.thread.isAlive()) {
                try {
                    m.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static synchronized boolean isRunning() {
        return running != null;
    }

    /** Sends every report to {@code listener} too (on the monitor's thread), besides stderr. */
    public static void addListener(Consumer<MonitorReport> listener) {
        LISTENERS.add(Objects.requireNonNull(listener, "listener"));
    }

    public static boolean removeListener(Consumer<MonitorReport> listener) {
        return LISTENERS.remove(listener);
    }

    /** Called when a hub is created: starts the monitor once if {@code -Dgevent4j.monitor=true}. */
    public static synchronized void startIfConfigured() {
        if (configuredChecked) {
            return;
        }
        configuredChecked = true;
        if (Boolean.getBoolean("gevent4j.monitor") && running == null) {
            start(Duration.ofMillis(Long.getLong("gevent4j.monitor.maxBlockingTimeMillis", 100)),
                    Long.getLong("gevent4j.monitor.maxMemoryBytes", 0), Boolean.getBoolean("gevent4j.monitor.pinnedEvents"));
        }
    }

    private void loop() {
        long period = Math.max(1_000_000L, Math.min(maxBlockingNanos / 4, 50_000_000L));
        try {
            while (!stopped) {
                try {
                    Thread.sleep(Duration.ofNanos(period));
                } catch (InterruptedException e) {
                    continue;
                }
                for (Hub hub : Hub.all()) {
                    checkHub(hub);
                }
                if (maxMemoryBytes > 0) {
                    checkMemory();
                }
            }
        } finally {
            // Closed here, not by the caller of stop(): JFR stops recording the events of the thread
            // that closes a stream, and that caller is often a hub's thread.
            if (pinnedEvents != null) {
                pinnedEvents.close();
            }
        }
    }

    private void checkHub(Hub hub) {
        Greenlet<?> g = hub.running();
        long ranFor = hub.runningForNanos();
        if (g == null || ranFor < maxBlockingNanos) {
            return;
        }
        long step = hub.stats().switches();
        Long reported = reportedStep.get(hub);
        if (reported != null && reported == step) {
            return; // this stall was reported already
        }
        if (hub.running() != g) {
            return; // it switched while we looked
        }
        reportedStep.put(hub, step);
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
            System.err.println("gevent4j monitor: cannot watch jdk.VirtualThreadPinned events (" + e
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
        System.err.print(report.text());
        System.err.flush();
        for (Consumer<MonitorReport> listener : LISTENERS) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                System.err.println("gevent4j monitor: listener " + listener + " failed: " + e);
            }
        }
    }
}
