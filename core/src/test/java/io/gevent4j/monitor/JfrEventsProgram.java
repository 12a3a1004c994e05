package io.gevent4j.monitor;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Run in a fresh JVM by {@link HubMonitorTest#jfrRecordsSpawnFinishAndStall}: records gevent4j's events
 * into the file named by {@code args[0]} and prints the id of the greenlet whose spawn the main thread
 * committed.
 */
public final class JfrEventsProgram {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        // The first hub's warm-up runs greenlets on this thread; outside the recording they commit no
        // event, so this thread's JFR event writer is still its own when it commits the spawn below
        // (see HubMonitorTest#jfrRecordsSpawnFinishAndStall for why that matters).
        Hub.current();
        Greenlet<Void> ok;
        try (Recording recording = new Recording()) {
            recording.enable("io.gevent4j.GreenletSpawn");
            recording.enable("io.gevent4j.GreenletFinish");
            recording.enable("io.gevent4j.HubStall");
            recording.start();
            HubMonitor.start();
            ok = Gevent.spawn(() -> Gevent.sleep(1)).setName("jfr-ok"); // its spawn event is the main thread's
            Greenlet<Void> stall =
                    Gevent.spawn(() -> spin(Duration.ofMillis(250))).setName("jfr-stall");
            Gevent.joinAll(List.of(ok, stall));
            Gevent.sleep(100); // the monitor's report of the stall
            recording.stop();
            recording.dump(file);
        } finally {
            HubMonitor.stop();
        }
        System.out.println("okId=" + ok.id());
    }

    private static void spin(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
