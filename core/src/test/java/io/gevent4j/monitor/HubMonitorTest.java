package io.gevent4j.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubMonitorTest {
    private final List<MonitorReport> reports = new CopyOnWriteArrayList<>();
    private final Consumer<MonitorReport> listener = reports::add;

    @BeforeEach
    void listen() {
        HubMonitor.addListener(listener);
    }

    @AfterEach
    void stop() {
        HubMonitor.stop();
        HubMonitor.removeListener(listener);
    }

    private static void spin(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aGreenletSpinningWithoutYieldingIsReportedExactlyOnce() {
        HubMonitor.start();
        Greenlet<Void> polite = Gevent.spawn(() -> {
            for (int i = 0; i < 20; i++) {
                spin(Duration.ofMillis(10));
                Gevent.sleep(0);
            }
        });
        Greenlet<Void> spinner = Gevent.spawn(() -> spin(Duration.ofMillis(300))).setName("the-spinner");
        Gevent.joinAll(List.of(polite, spinner));
        Gevent.sleep(150); // let the monitor look again after the stall
        List<MonitorReport> stalls = reports.stream().filter(r -> r.kind() == MonitorReport.Kind.STALL)
                .collect(Collectors.toList());
        assertEquals(1, stalls.size(), reports.toString());
        MonitorReport r = stalls.get(0);
        assertEquals("the-spinner", r.greenlet());
        assertEquals(spinner.id(), r.greenletId());
        assertEquals(Thread.currentThread().getName(), r.hub());
        assertTrue(r.blockedFor().compareTo(HubMonitor.DEFAULT_MAX_BLOCKING_TIME) >= 0);
        assertTrue(r.text().contains("the-spinner") && r.text().contains("spin"), r.text());
    }

    static final class PinsInItsInitialiser {
        static {
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // parks while pinned: class init
        }

        static void touch() { }
    }

    static final class AlsoPinsInItsInitialiser {
        static {
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }

        static void touch() { }
    }

    @Test
    void aGreenletParkedWhilePinnedIsReportedAsPinned() {
        HubMonitor.start();
        assertPinnedReportedOnce(PinsInItsInitialiser::touch);
    }

    @Test
    void withJfrPinnedEventsAPinIsStillReportedOnce() {
        HubMonitor.start(HubMonitor.DEFAULT_MAX_BLOCKING_TIME, 0, true);
        assertPinnedReportedOnce(AlsoPinsInItsInitialiser::touch);
    }

    private void assertPinnedReportedOnce(Runnable pinningCall) {
        Greenlet<Void> g = Gevent.spawn(pinningCall::run).setName("the-pinner");
        g.join();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reports.stream().noneMatch(r -> r.kind() == MonitorReport.Kind.PINNED) && System.nanoTime() < deadline) {
            Gevent.sleep(20);
        }
        Gevent.sleep(300); // a JFR duplicate would arrive by now
        List<MonitorReport> pinned = reports.stream().filter(r -> r.greenletId() == g.id()).collect(Collectors.toList());
        assertEquals(1, pinned.size(), reports.toString());
        assertEquals(MonitorReport.Kind.PINNED, pinned.get(0).kind());
    }

    @Test
    void memoryAboveTheThresholdIsReported() {
        HubMonitor.start(Duration.ofMillis(100), 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            Gevent.sleep(20);
        }
        assertEquals(MonitorReport.Kind.MEMORY, reports.get(0).kind());
        assertTrue(reports.get(0).usedBytes() > 1);
    }

    @Test
    void badSettingsAreRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HubMonitor.start(Duration.ZERO, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HubMonitor.start(Duration.ofMillis(10), -1));
    }

    @Test
    void jfrRecordsSpawnFinishAndStall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gevent4j.jfr");
        long[] okId = new long[1];
        try (Recording recording = new Recording()) {
            recording.enable("io.gevent4j.GreenletSpawn");
            recording.enable("io.gevent4j.GreenletFinish");
            recording.enable("io.gevent4j.HubStall");
            recording.start();
            HubMonitor.start();
            // Spawned by a greenlet: in this suite's JVM, after earlier monitor tests, JFR dropped events
            // committed by the main thread (not reproducible in a fresh JVM; see the issue 7 notes).
            Greenlet<Void> ok = Gevent.spawn(() -> Gevent.spawn(() -> Gevent.sleep(1)).setName("jfr-ok")).get();
            okId[0] = ok.id();
            Greenlet<Void> stall = Gevent.spawn(() -> spin(Duration.ofMillis(250))).setName("jfr-stall");
            Gevent.joinAll(List.of(ok, stall));
            Gevent.sleep(100);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.gevent4j.GreenletSpawn")
                && e.getLong("greenletId") == okId[0]), "spawn event");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.gevent4j.GreenletFinish")
                && "jfr-ok".equals(e.getString("greenlet")) && "value".equals(e.getString("outcome"))), "finish event");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.gevent4j.HubStall")
                && "jfr-stall".equals(e.getString("greenlet")) && e.getLong("blockedFor") >= 100_000_000L), "stall event");
        assertTrue(Files.size(file) > 0);
    }
}
