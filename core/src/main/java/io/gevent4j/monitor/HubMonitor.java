package io.gevent4j.monitor;

import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.HubObserver;
import io.gevent4j.internal.Report;
import io.gevent4j.internal.Threads;
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
 * <p>What is not the greenlet's fault is not blamed on it. A stretch in which the whole JVM stood still
 * (a garbage collection, a safepoint, the operating system not running the JVM: the watcher thread
 * sees its own look come late) is subtracted from the greenlet's time, and reported on its own as a
 * {@link MonitorReport.Kind#GC_PAUSE} or {@link MonitorReport.Kind#JVM_PAUSE} naming no greenlet when it
 * is longer than {@code maxBlockingTime}. A greenlet held up loading classes or running a class
 * initialiser is reported as {@link MonitorReport.Kind#CLASS_LOADING} or
 * {@link MonitorReport.Kind#CLASS_INIT}. A start-up grace ({@code gevent4j.monitor.startupGraceMillis},
 * {@link #DEFAULT_STARTUP_GRACE} when started by the system property) keeps an application's start-up
 * quiet.
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
    /**
     * The start-up grace of a monitor turned on by {@code -Dgevent4j.monitor=true}, which starts with the
     * first hub, at the application's start-up: 2 s, unless {@code gevent4j.monitor.startupGraceMillis}
     * says otherwise. Started from code, the monitor has none unless asked.
     */
    public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(2);

    private static final List<Consumer<MonitorReport>> LISTENERS = new CopyOnWriteArrayList<>();
    private static HubMonitor running; // guarded by HubMonitor.class

    private final long maxBlockingNanos;
    private final long maxMemoryBytes;
    /** Stalls seen before this {@link System#nanoTime()} are not reported (the start-up grace). */
    private final long quietUntil;

    private final long periodNanos;
    /** Confined to the watcher thread. */
    private final JvmPauses pauses = new JvmPauses();

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

    private HubMonitor(
            Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents, Duration startupGrace) {
        this.maxBlockingNanos = maxBlockingTime.toNanos();
        this.maxMemoryBytes = maxMemoryBytes;
        this.quietUntil = System.nanoTime() + startupGrace.toNanos();
        this.pinnedEvents = watchPinnedEvents ? startPinnedEvents(maxBlockingTime) : null;
        this.periodNanos = Math.max(1_000_000L, Math.min(maxBlockingNanos / 4, 50_000_000L));
        this.registration = Hub.addObserver(Duration.ofNanos(periodNanos), new Looks());
    }

    /** What the monitor does at each of the watcher's looks. */
    private final class Looks implements HubObserver {
        @Override
        public void lookStarted() {
            long now = System.nanoTime();
            pauses.look(now, periodNanos);
            long[] pause = pauses.takeUnreported(maxBlockingNanos);
            if (pause != null && pause[1] - quietUntil >= 0) {
                publish(new MonitorReport(
                        pause[2] == 1 ? MonitorReport.Kind.GC_PAUSE : MonitorReport.Kind.JVM_PAUSE,
                        null,
                        null,
                        0,
                        Duration.ofNanos(pause[1] - pause[0]),
                        new StackTraceElement[0],
                        0));
            }
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
    public static void start(Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents) {
        start(maxBlockingTime, maxMemoryBytes, watchPinnedEvents, Duration.ZERO);
    }

    /**
     * Starts (or restarts) the monitor, reporting nothing about greenlets during its first
     * {@code startupGrace}: the class loading, class initialisation and JIT compilation of an
     * application's start-up keep hubs busy in ways that are usually not worth a report.
     *
     * @param maxBlockingTime how long a greenlet may keep its hub before it is reported
     * @param maxMemoryBytes heap use to report above, or 0 for no memory check
     * @param watchPinnedEvents whether to also report the JDK's {@code jdk.VirtualThreadPinned} events
     * @param startupGrace how long after this call stalls are not reported ({@link Duration#ZERO} for none)
     * @throws IllegalArgumentException if {@code maxBlockingTime} is not positive, {@code maxMemoryBytes}
     *     or {@code startupGrace} negative
     */
    public static synchronized void start(
            Duration maxBlockingTime, long maxMemoryBytes, boolean watchPinnedEvents, Duration startupGrace) {
        Objects.requireNonNull(startupGrace, "startupGrace");
        if (startupGrace.isNegative()) {
            throw new IllegalArgumentException("startupGrace must not be negative: " + startupGrace);
        }
        Objects.requireNonNull(maxBlockingTime, "maxBlockingTime");
        if (maxBlockingTime.isNegative() || maxBlockingTime.isZero()) {
            throw new IllegalArgumentException("maxBlockingTime must be positive: " + maxBlockingTime);
        }
        if (maxMemoryBytes < 0) {
            throw new IllegalArgumentException("maxMemoryBytes must not be negative: " + maxMemoryBytes);
        }
        stop();
        running = new HubMonitor(maxBlockingTime, maxMemoryBytes, watchPinnedEvents, startupGrace);
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
        Threads.joinUninterruptibly(
                Thread.ofPlatform().daemon().name("gevent4j-monitor-close").start(stream::close));
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
            start(
                    Duration.ofMillis(Long.getLong("gevent4j.monitor.maxBlockingTimeMillis", 100)),
                    Long.getLong("gevent4j.monitor.maxMemoryBytes", 0),
                    Boolean.getBoolean("gevent4j.monitor.pinnedEvents"),
                    Duration.ofMillis(Math.max(
                            0, Long.getLong("gevent4j.monitor.startupGraceMillis", DEFAULT_STARTUP_GRACE.toMillis()))));
        }
    }

    private void checkHub(Hub hub, Greenlet<?> g, long ranFor, long mount) {
        if (ranFor < maxBlockingNanos) {
            return;
        }
        long now = System.nanoTime();
        // The time the whole JVM stood still is nobody's fault: only the rest counts against the greenlet.
        long held = ranFor - pauses.pausedDuring(now - ranFor, now);
        if (held < maxBlockingNanos || now - quietUntil < 0) {
            return;
        }
        Long reported = reportedStep.get(hub);
        if (reported != null && reported == mount) {
            return; // this stall was reported already
        }
        reportedStep.put(hub, mount);
        Thread.State state = g.thread().getState();
        boolean pinned =
                state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
        synchronized (liveReports) {
            liveReports.put(g.id(), now);
        }
        StackTraceElement[] stack = g.thread().getStackTrace();
        MonitorReport.Kind kind = pinned ? MonitorReport.Kind.PINNED : MonitorReport.Kind.STALL;
        MonitorReport.Kind classWork = pinned ? null : classWork(stack); // parked: PINNED says more
        publish(new MonitorReport(
                classWork != null ? classWork : kind,
                hub.thread().getName(),
                g.name(),
                g.id(),
                Duration.ofNanos(held),
                stack,
                0));
    }

    /**
     * Whether the innermost frames show class loading or initialisation: the JVM's own work on the
     * greenlet's behalf, named as such so that a report says what to change (preload, or move the work
     * out of a static initialiser) rather than just who was mounted.
     */
    private static MonitorReport.Kind classWork(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("<clinit>")) {
                return MonitorReport.Kind.CLASS_INIT;
            }
            String type = frame.getClassName();
            String method = frame.getMethodName();
            if ((type.equals("java.lang.ClassLoader")
                            || type.startsWith("jdk.internal.loader.")
                            || type.equals("java.net.URLClassLoader")
                            || type.equals("java.security.SecureClassLoader"))
                    && (method.startsWith("loadClass")
                            || method.startsWith("defineClass")
                            || method.equals("findClass"))) {
                return MonitorReport.Kind.CLASS_LOADING;
            }
        }
        return null;
    }

    private void checkMemory() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean above = heap.getUsed() > maxMemoryBytes;
        if (above && !aboveMemory) {
            publish(new MonitorReport(
                    MonitorReport.Kind.MEMORY, null, null, 0, Duration.ZERO, new StackTraceElement[0], heap.getUsed()));
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
            Report.warning(
                    Report.MONITOR,
                    "gevent4j monitor: cannot watch jdk.VirtualThreadPinned events (" + e
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
                    long endedAgo =
                            Duration.between(event.getEndTime(), Instant.now()).toNanos();
                    long startedAt =
                            System.nanoTime() - endedAgo - event.getDuration().toNanos();
                    Long live;
                    synchronized (liveReports) {
                        live = liveReports.get(g.id());
                    }
                    if (live != null && live - startedAt >= 0) {
                        return; // reported live while it was pinned
                    }
                    publish(new MonitorReport(
                            MonitorReport.Kind.PINNED,
                            hub.thread().getName(),
                            g.name(),
                            g.id(),
                            event.getDuration(),
                            frames(event),
                            0));
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
            out[i] = new StackTraceElement(
                    f.getMethod().getType().getName(), f.getMethod().getName(), null, f.getLineNumber());
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
        Report.warning(
                Report.MONITOR,
                text.substring(0, text.length() - System.lineSeparator().length()));
        for (Consumer<MonitorReport> listener : LISTENERS) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                Report.warning(Report.MONITOR, "gevent4j monitor: listener " + listener + " failed: " + e);
            }
        }
    }
}
