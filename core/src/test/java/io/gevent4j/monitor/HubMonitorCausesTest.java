package io.gevent4j.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.testkit.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The monitor names what held a hub: a greenlet, class loading, class initialisation, or the whole JVM. */
class HubMonitorCausesTest extends MonitorTestBase {

    private List<MonitorReport> about(String greenlet) {
        return reports.stream().filter(r -> greenlet.equals(r.greenlet())).collect(Collectors.toList());
    }

    /** A class whose initialiser keeps its hub for 300 ms. */
    static final class SlowToInitialise {
        static final long READY;

        static {
            spin(Duration.ofMillis(300));
            READY = System.nanoTime();
        }
    }

    @Test
    void aSlowClassInitialiserIsNamedAsSuch() {
        HubMonitor.start();
        Gevent.spawn(() -> SlowToInitialise.READY).setName("initialiser").join();
        Gevent.sleep(150);
        List<MonitorReport> mine = about("initialiser");
        assertEquals(1, mine.size(), reports.toString());
        assertEquals(
                MonitorReport.Kind.CLASS_INIT, mine.get(0).kind(), mine.get(0).text());
        assertTrue(
                mine.get(0).text().contains("initialising a class"), mine.get(0).text());
    }

    /** A class loader whose look-up of a class takes 300 ms (a slow disk, a remote class path). */
    static final class SlowLoader extends ClassLoader {
        SlowLoader() {
            super(HubMonitorCausesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            spin(Duration.ofMillis(300));
            throw new ClassNotFoundException(name);
        }
    }

    @Test
    void slowClassLoadingIsNamedAsSuch() {
        HubMonitor.start();
        Gevent.spawn(() -> {
                    try {
                        Class.forName("io.gevent4j.NoSuchClass", false, new SlowLoader());
                    } catch (ClassNotFoundException expected) {
                        // the look-up itself is what is measured
                    }
                })
                .setName("loader")
                .join();
        Gevent.sleep(150);
        List<MonitorReport> mine = about("loader");
        assertEquals(1, mine.size(), reports.toString());
        assertEquals(
                MonitorReport.Kind.CLASS_LOADING,
                mine.get(0).kind(),
                mine.get(0).text());
    }

    @Test
    void nothingIsReportedDuringTheStartupGraceAndStallsAreAfterIt() {
        HubMonitor.start(HubMonitor.DEFAULT_MAX_BLOCKING_TIME, 0, false, Duration.ofMillis(800));
        Gevent.spawn(() -> spin(Duration.ofMillis(300))).setName("early").join();
        Gevent.sleep(800); // the grace runs out
        Gevent.spawn(() -> spin(Duration.ofMillis(300))).setName("late").join();
        Gevent.sleep(150);
        assertEquals(List.of(), about("early"), reports.toString());
        assertEquals(1, about("late").size(), reports.toString());
    }

    @Test
    void aBadStartupGraceIsRefused() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> HubMonitor.start(Duration.ofMillis(100), 0, false, Duration.ofMillis(-1)))
                .getMessage()
                .contains("startupGrace"));
    }

    /**
     * A stop-the-world collection lasting longer than the threshold while a greenlet is mounted: the
     * pause is reported as a pause, naming no greenlet, and the greenlet is not blamed for it. Run in a
     * JVM of its own, with the serial collector and a large live heap so the pause is long.
     */
    @Test
    void aGarbageCollectionPauseIsNeverBlamedOnTheMountedGreenlet() {
        String out = ChildJvm.runMain(
                Duration.ofSeconds(120),
                List.of("-XX:+UseSerialGC", "-Xms3g", "-Xmx3g", "-Xmn64m"),
                GcPauseProgram.class);
        assertTrue(out.contains("pauses="), out);
        String stalls = line(out, "stalls=");
        String pauses = line(out, "pauses=");
        assertEquals("stalls=[]", stalls, out);
        assertTrue(pauses.contains("GC_PAUSE"), out);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + "<missing>");
    }

    /** Fills the heap with live objects, then collects it from another thread while a greenlet spins below the threshold. */
    public static final class GcPauseProgram {
        static Object[] live;

        public static void main(String[] args) throws Exception {
            List<MonitorReport> seen = new CopyOnWriteArrayList<>();
            HubMonitor.addListener(seen::add);
            live = new Object[12_000_000];
            for (int i = 0; i < live.length; i++) {
                live[i] = new long[2];
            }
            HubMonitor.start(); // 100 ms
            List<Long> gcMillis = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                Thread collector = Thread.ofPlatform().unstarted(() -> {
                    spin(Duration.ofMillis(20));
                    long t0 = System.nanoTime();
                    System.gc();
                    gcMillis.add((System.nanoTime() - t0) / 1_000_000);
                });
                Greenlet<Void> g = Gevent.spawn(() -> {
                            collector.start();
                            spin(Duration.ofMillis(60)); // under the threshold by itself, with the pause inside
                            collector.join();
                        })
                        .setName("spinner-" + attempt);
                g.join();
                Gevent.sleep(150);
            }
            System.out.println("gcMillis=" + gcMillis);
            System.out.println("stalls="
                    + seen.stream()
                            .filter(r -> r.greenlet() != null)
                            .map(MonitorReport::toString)
                            .collect(Collectors.toList()));
            System.out.println("pauses="
                    + seen.stream()
                            .filter(r -> r.greenlet() == null)
                            .map(r -> r.kind() + ":" + r.blockedFor().toMillis())
                            .collect(Collectors.toList()));
            System.out.println(live.length);
        }
    }
}
