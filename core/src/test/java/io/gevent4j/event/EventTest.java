package io.gevent4j.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Waitable;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void setWakesEveryWaiterInTheOrderTheyStartedWaiting() {
        Event e = new Event();
        List<String> out = new ArrayList<>();
        List<Greenlet<?>> waiters = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            waiters.add(Gevent.spawn(() -> {
                out.add(name + " waits");
                boolean set = e.await();
                out.add(name + " woke " + set);
            }));
        }
        Gevent.sleep(0);
        assertEquals(List.of("a waits", "b waits", "c waits"), out);
        e.set();
        Gevent.joinAll(waiters);
        assertEquals(List.of("a waits", "b waits", "c waits", "a woke true", "b woke true", "c woke true"), out);
    }

    @Test
    void aSetEventDoesNotBlockUntilCleared() {
        Event e = new Event();
        assertFalse(e.isSet());
        assertFalse(e.isReady());
        e.set();
        e.set(); // idempotent
        assertTrue(e.isSet());
        assertTrue(e.await());
        assertTrue(e.await(Duration.ZERO));
        e.clear();
        assertFalse(e.isSet());
        assertFalse(e.await(Duration.ZERO));
    }

    @Test
    void awaitTimesOutOnTheHubThreadAndInAGreenlet() {
        Event e = new Event();
        long waited = Foreign.millis(() -> assertFalse(e.await(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        Greenlet<Long> g = Gevent.spawn(() -> Foreign.millis(() -> assertFalse(e.await(Duration.ofMillis(100)))));
        long inGreenlet = g.get();
        assertTrue(inGreenlet >= 95 && inGreenlet < 2_000, "waited " + inGreenlet + " ms");
    }

    @Test
    void aWaiterWokenBySetReturnsTrueEvenIfClearedBeforeItRuns() {
        Event e = new Event();
        Greenlet<Boolean> g = Gevent.spawn(() -> e.await(Duration.ofSeconds(10)));
        Gevent.sleep(0);
        e.set();
        e.clear();
        assertTrue(g.get());
    }

    @Test
    void anotherThreadsSetWakesTheHubThreadAndGreenlets() throws Exception {
        Event e = new Event();
        Greenlet<Boolean> g = Gevent.spawn(() -> e.await(Duration.ofSeconds(20)));
        Foreign setter = Foreign.startAfter(Duration.ofMillis(50), "setter", e::set);
        assertTrue(e.await(Duration.ofSeconds(20)));
        assertTrue(g.get());
        setter.finish();
    }

    @Test
    void anotherThreadWaitsForAGreenletsSet() throws Exception {
        Event e = new Event();
        AtomicReference<Boolean> seen = new AtomicReference<>();
        Foreign waiter = Foreign.start("waiter", () -> seen.set(e.await(Duration.ofSeconds(20))));
        Gevent.spawn(() -> {
                    Gevent.sleep(50);
                    e.set();
                })
                .join();
        waiter.finish();
        assertEquals(Boolean.TRUE, seen.get());
    }

    @Test
    void rawlinkRunsOnceOnTheSettingThreadAndUnlinkRemoves() throws Exception {
        Event e = new Event();
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        Runnable removed = () -> ranOn.add(null);
        e.rawlink(() -> ranOn.add(Thread.currentThread()));
        e.rawlink(removed);
        assertTrue(e.unlink(removed));
        assertFalse(e.unlink(removed));
        Foreign setter = Foreign.start("setter", e::set);
        setter.finish();
        assertEquals(List.of(setter.thread()), ranOn);
        e.clear();
        e.set();
        assertEquals(1, ranOn.size(), "a callback runs once");
        e.rawlink(() -> ranOn.add(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get(1), "already set: runs at once, here");
    }

    @Test
    void aKilledWaiterLeavesNoTraceAndOthersStillWake() {
        Event e = new Event();
        AtomicInteger woke = new AtomicInteger();
        Greenlet<Void> victim = Gevent.spawn(() -> {
            e.await();
            woke.incrementAndGet();
        });
        Greenlet<Void> other = Gevent.spawn(() -> {
            e.await();
            woke.incrementAndGet();
        });
        Gevent.sleep(0);
        victim.kill();
        e.set();
        other.join();
        assertEquals(1, woke.get());
        assertTrue(victim.isDead());
    }

    @Test
    void geventWaitAndIwaitTakeEventsResultsAndGreenletsTogether() {
        Event e = new Event();
        AsyncResult<String> r = new AsyncResult<>();
        // Gaps of 200 ms: a hub stalled past a gap (a loaded machine) would see two become ready together.
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(30));
        Gevent.spawn(() -> {
            Gevent.sleep(230);
            r.set("x");
            Gevent.sleep(200);
            e.set();
        });
        List<Waitable> order = new ArrayList<>();
        for (Waitable w : Gevent.iwait(List.<Waitable>of(e, r, g))) {
            order.add(w);
        }
        assertEquals(List.of(g, r, e), order);

        Event never = new Event();
        Event soon = new Event();
        Gevent.spawn(() -> {
            Gevent.sleep(20);
            soon.set();
        });
        List<Event> ready = Gevent.wait(List.of(never, soon), Duration.ofSeconds(10), 1);
        assertEquals(List.of(soon), ready);
        assertFalse(Gevent.wait(never, Duration.ofMillis(30)));
        assertEquals(List.of(), Gevent.wait(List.of(never), Duration.ofMillis(30)));
    }

    @Test
    void negativeOrNullTimeoutsAreRejected() {
        Event e = new Event();
        assertThrows(IllegalArgumentException.class, () -> e.await(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> e.await(null));
    }
}
