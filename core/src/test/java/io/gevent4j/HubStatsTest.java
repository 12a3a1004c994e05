package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HubStatsTest {

    /** Runs {@code body} on a fresh platform thread, so its hub's counters start at zero. */
    private static HubStats onFreshHub(Runnable body) throws Exception {
        AtomicReference<HubStats> stats = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                        stats.set(Hub.current().stats());
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "fresh-hub");
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return stats.get();
    }

    @Test
    void countersAddUpAfterAKnownWorkload() throws Exception {
        HubStats s = onFreshHub(() -> GreenletTest.captureStderr(() -> {
            List<Greenlet<?>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(Gevent.spawn(() -> {
                    Gevent.sleep(0);
                    Gevent.sleep(0);
                }));
            }
            for (int i = 0; i < 2; i++) {
                all.add(Gevent.spawn(() -> {
                    throw new IllegalStateException("planned");
                }));
            }
            Greenlet<Void> killedEarly = Gevent.spawn(() -> {});
            killedEarly.kill();
            Greenlet<Void> sleeper = Gevent.spawn(() -> Gevent.sleep(60_000));
            all.add(sleeper);
            Greenlet<Void> spinner = Gevent.spawn(() -> {
                long until = System.nanoTime() + Duration.ofMillis(30).toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            all.add(spinner);
            Gevent.sleep(50);
            sleeper.kill();
            Gevent.joinAll(all);
        }));
        assertEquals(10, s.spawned());
        assertEquals(10, s.finished());
        assertEquals(2, s.failed());
        assertEquals(0, s.alive());
        assertEquals(0, s.ready());
        assertEquals(0, s.timers());
        // 5 greenlets mount 3 times each; 2 failing, 1 spinner once; the sleeper mounts twice (start, kill).
        assertTrue(s.switches() >= 5 * 3 + 2 + 1 + 2, "switches " + s.switches());
        assertTrue(s.longestStep().compareTo(Duration.ofMillis(29)) >= 0, "longest " + s.longestStep());
        assertTrue(s.busy().compareTo(s.longestStep()) >= 0);
        assertTrue(s.idle().toMillis() > 0, "the hub idled while the sleeper slept");
        assertTrue(s.loopIterations() > 0);
        assertEquals("fresh-hub", s.hub());
    }

    @Test
    void liveGreenletsAreListedUntilTheyEnd() {
        Greenlet<Void> a = Gevent.spawn(() -> Gevent.sleep(60_000));
        Gevent.sleep(0);
        assertTrue(Hub.current().greenlets().contains(a));
        String dump = Gevent.dump();
        assertTrue(dump.contains(a.name()) && dump.contains("Gevent.sleep"), dump);
        a.kill();
        assertTrue(!Hub.current().greenlets().contains(a));
    }

    @Test
    void dumpNamesParents() {
        Greenlet<Greenlet<Void>> parent = Gevent.spawn(() -> Gevent.spawn(() -> Gevent.sleep(60_000)));
        Greenlet<Void> child = parent.get();
        Gevent.sleep(0);
        assertEquals(parent.id(), child.parentId());
        String dump = Gevent.dump();
        assertTrue(dump.contains("parent=Greenlet-" + parent.id()), dump);
        child.kill();
    }
}
