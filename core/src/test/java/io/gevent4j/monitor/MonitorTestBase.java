package io.gevent4j.monitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the monitor tests share: the reports each test receives, and a monitor stopped after each. */
abstract class MonitorTestBase {
    final List<MonitorReport> reports = new CopyOnWriteArrayList<>();
    private final Consumer<MonitorReport> listener = reports::add;

    @BeforeEach
    void listen() {
        HubMonitor.addListener(listener);
    }

    @AfterEach
    void stopMonitor() {
        HubMonitor.stop();
        HubMonitor.removeListener(listener);
    }

    /** Keeps the calling thread busy, never yielding, for {@code d}. */
    static void spin(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
