package io.gevent4j.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Timeout;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QueueTest {

    @Test
    void fifoOrderAndTheNonBlockingCalls() {
        Queue<String> q = new Queue<>();
        assertTrue(q.isEmpty());
        assertFalse(q.isFull());
        assertEquals(Integer.MAX_VALUE, q.maxsize());
        assertThrows(Empty.class, q::getNowait);
        assertThrows(Empty.class, q::peekNowait);
        q.put("a");
        q.putNowait("b");
        q.put("c", Duration.ZERO);
        assertEquals(3, q.size());
        assertEquals("a", q.peek());
        assertEquals("a", q.peekNowait());
        assertEquals("a", q.get());
        assertEquals("b", q.getNowait());
        assertEquals("c", q.get(Duration.ZERO));
        assertTrue(q.isEmpty());
    }

    @Test
    void boundedQueueIsFullAtMaxsize() {
        Queue<Integer> q = new Queue<>(2);
        q.put(1);
        q.put(2);
        assertTrue(q.isFull());
        assertThrows(Full.class, () -> q.putNowait(3));
        assertThrows(Full.class, () -> q.put(3, Duration.ZERO));
        assertEquals(List.of(1, 2), List.of(q.get(), q.get()));
        assertThrows(IllegalArgumentException.class, () -> new Queue<>(0));
        assertThrows(IllegalArgumentException.class, () -> new LifoQueue<>(-1));
    }

    @Test
    void nullItemsAreRejectedClearly() {
        Queue<String> q = new Queue<>();
        NullPointerException e = assertThrows(NullPointerException.class, () -> q.put(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        assertThrows(NullPointerException.class, () -> new Channel<String>().put(null, Duration.ZERO));
        assertTrue(q.isEmpty());
    }

    @Test
    void waitingGettersAreServedInArrivalOrderAndNoNewcomerCutsIn() {
        Queue<Integer> q = new Queue<>();
        List<String> out = new ArrayList<>();
        List<Greenlet<?>> getters = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            getters.add(Gevent.spawn(() -> out.add(n + " got " + q.get())));
        }
        Gevent.sleep(0);
        assertEquals(3, q.waitingGetters());
        q.put(1);
        // The item went straight to "a", which has not run yet: a newcomer finds nothing.
        assertThrows(Empty.class, q::getNowait);
        q.put(2);
        q.put(3);
        Gevent.joinAll(getters);
        assertEquals(List.of("a got 1", "b got 2", "c got 3"), out);
        assertTrue(q.isEmpty());
    }

    @Test
    void waitingPuttersAreServedInArrivalOrder() {
        Queue<String> q = new Queue<>(1);
        q.put("first");
        List<Greenlet<?>> putters = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            putters.add(Gevent.spawn(() -> q.put(n)));
        }
        Gevent.sleep(0);
        assertEquals(3, q.waitingPutters());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(q.get());
        }
        Gevent.joinAll(putters);
        assertEquals(List.of("first", "a", "b", "c"), got);
    }

    @Test
    void everyTimedWaitTimesOut() {
        Queue<String> q = new Queue<>(1);
        assertTimesOut(Empty.class, () -> q.get(Duration.ofMillis(100)));
        assertTimesOut(Empty.class, () -> q.peek(Duration.ofMillis(100)));
        q.put("x");
        assertTimesOut(Full.class, () -> q.put("y", Duration.ofMillis(100)));
        assertEquals(0, q.waitingPutters());
        assertEquals(0, q.waitingGetters());
        assertEquals("x", q.getNowait());
        assertThrows(Empty.class, q::getNowait, "the timed-out put left nothing behind");
        // The same in a greenlet.
        Greenlet<Long> g = Gevent.spawn(() ->
                Foreign.millis(() -> assertThrows(Empty.class, () -> q.get(Duration.ofMillis(100)))));
        long waited = g.get();
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
    }

    private static void assertTimesOut(Class<? extends RuntimeException> type, Runnable call) {
        long waited = Foreign.millis(() -> assertThrows(type, call::run));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
    }

    @Test
    void aTimeoutAroundAGetRaisesThatTimeout() {
        Queue<String> q = new Queue<>();
        Greenlet<Object> g = Gevent.spawn(() -> {
            Timeout t = Timeout.start(Duration.ofMillis(50));
            try {
                return q.get();
            } catch (Timeout raised) {
                return raised == t ? "its own timeout" : raised;
            } finally {
                t.cancel();
            }
        });
        assertEquals("its own timeout", g.get());
        assertEquals(0, q.waitingGetters());
        q.put("later");
        assertEquals("later", q.getNowait(), "the timed-out getter took nothing");
    }

    @Test
    void peekWaitsForAnItemAndLeavesIt() {
        Queue<String> q = new Queue<>();
        List<String> out = new ArrayList<>();
        Greenlet<?> peeker = Gevent.spawn(() -> out.add("peeked " + q.peek()));
        Gevent.sleep(0);
        q.put("x");
        peeker.join();
        assertEquals(List.of("peeked x"), out);
        assertEquals(1, q.size());
        assertEquals("x", q.get());
    }

    @Test
    void peekersAheadOfAGetterSeeTheItemTheGetterTakes() {
        Queue<String> q = new Queue<>();
        List<String> out = new ArrayList<>();
        Greenlet<?> p = Gevent.spawn(() -> out.add("peeker saw " + q.peek()));
        Greenlet<?> g = Gevent.spawn(() -> out.add("getter got " + q.get()));
        Gevent.sleep(0);
        q.put("x");
        Gevent.joinAll(List.of(p, g));
        assertEquals(List.of("peeker saw x", "getter got x"), out);
        assertTrue(q.isEmpty());
    }

    @Test
    void lifoQueueGivesTheNewestFirst() {
        LifoQueue<Integer> q = new LifoQueue<>(3);
        q.put(1);
        q.put(2);
        q.put(3);
        Greenlet<?> putter = Gevent.spawn(() -> q.put(4));
        Gevent.sleep(0);
        assertEquals(3, q.peek());
        assertEquals(3, q.get()); // lets the putter's 4 in on top
        putter.join();
        assertEquals(List.of(4, 2, 1), List.of(q.get(), q.get(), q.get()));
    }

    @Test
    void priorityQueueGivesTheSmallestFirst() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int i : List.of(5, 1, 4, 2, 3)) {
            q.put(i);
        }
        List<Integer> got = new ArrayList<>();
        while (!q.isEmpty()) {
            got.add(q.get());
        }
        assertEquals(List.of(1, 2, 3, 4, 5), got);

        PriorityQueue<String> byLength = new PriorityQueue<>(2, Comparator.comparingInt(String::length));
        byLength.put("ccc");
        byLength.put("a");
        Greenlet<?> putter = Gevent.spawn(() -> byLength.put("bb"));
        Gevent.sleep(0);
        assertEquals("a", byLength.get());
        putter.join();
        assertEquals(List.of("bb", "ccc"), List.of(byLength.get(), byLength.get()));
    }

    @Test
    void iterationIsRepeatedGetAndUntilStopsAtTheSentinel() {
        Queue<String> q = new Queue<>();
        Gevent.spawn(() -> {
            for (String s : List.of("a", "b", "c", "STOP", "after")) {
                q.put(s);
                Gevent.sleep(1);
            }
        });
        List<String> got = new ArrayList<>();
        for (String s : q) {
            got.add(s);
            if (got.size() == 2) {
                break;
            }
        }
        for (String s : q.until("STOP")) {
            got.add(s);
        }
        assertEquals(List.of("a", "b", "c"), got);
        assertEquals("after", q.get(Duration.ofSeconds(5)));
    }

    // ---- killed waiters leave the queue consistent --------------------------------------------

    @Test
    void aGetterKilledAfterBeingHandedAnItemPassesItToTheNextGetter() {
        Queue<String> q = new Queue<>();
        Greenlet<String> victim = Gevent.spawn(() -> q.get());
        Greenlet<String> next = Gevent.spawn(() -> q.get());
        Gevent.sleep(0);
        q.put("x"); // handed to victim, which has not run yet
        victim.killAsync(); // ...and now it never takes it
        victim.join();
        assertInstanceOf(GreenletExit.class, victim.value());
        assertEquals("x", next.get(Duration.ofSeconds(5)));
        assertTrue(q.isEmpty());
    }

    @Test
    void aGetterKilledAfterBeingHandedAnItemPutsItBackFirstInLine() {
        Queue<String> q = new Queue<>(2);
        Greenlet<String> victim = Gevent.spawn(() -> q.get());
        Gevent.sleep(0);
        q.put("x");
        victim.killAsync();
        q.put("y");
        q.put("z"); // the queue is full again before the victim runs
        victim.join();
        assertEquals(3, q.size(), "nothing lost: x is back, one over maxsize for now");
        assertEquals(List.of("x", "y", "z"), List.of(q.get(), q.get(), q.get()));
        assertFalse(q.isFull());
    }

    @Test
    void aKilledWaitingGetterOrPutterLeavesNoTrace() {
        Queue<String> q = new Queue<>(1);
        Greenlet<String> getter = Gevent.spawn(() -> q.get());
        Gevent.sleep(0);
        getter.kill();
        assertEquals(0, q.waitingGetters());
        q.put("kept");
        assertEquals(1, q.size(), "the dead getter took nothing");
        Greenlet<Void> putter = Gevent.spawn(() -> q.put("never"));
        Gevent.sleep(0);
        putter.kill();
        assertEquals(0, q.waitingPutters());
        assertEquals("kept", q.get());
        assertThrows(Empty.class, q::getNowait);
    }

    @Test
    void aPutterKilledAfterItsItemWasTakenInLeavesItThereOnce() {
        Queue<String> q = new Queue<>(1);
        q.put("a");
        Greenlet<Void> putter = Gevent.spawn(() -> q.put("b"));
        Gevent.sleep(0);
        assertEquals("a", q.get()); // moves "b" in and wakes the putter
        putter.killAsync();
        putter.join();
        assertEquals(List.of("b"), List.of(q.getNowait()));
        assertThrows(Empty.class, q::getNowait);
    }

    // ---- other threads ----------------------------------------------------------------------

    @Test
    void anotherThreadsPutWakesTheHubThreadAndAGreenlet() throws Exception {
        Queue<String> q = new Queue<>();
        Greenlet<String> g = Gevent.spawn(() -> q.get(Duration.ofSeconds(20)));
        Gevent.sleep(0);
        Foreign putter = Foreign.startAfter(Duration.ofMillis(50), "putter", () -> {
            q.put("for the greenlet");
            q.put("for the hub");
        });
        assertEquals("for the hub", q.get(Duration.ofSeconds(20)));
        assertEquals("for the greenlet", g.get());
        putter.finish();
    }

    @Test
    void callsThatDoNotWaitGiveAPlainThreadNoHub() throws Exception {
        Queue<String> q = new Queue<>(1);
        q.put("full");
        AtomicReference<Boolean> hasHub = new AtomicReference<>();
        Foreign plain = Foreign.start("plain", () -> {
            assertThrows(Full.class, () -> q.putNowait("x"));
            assertThrows(Full.class, () -> q.put("x", Duration.ZERO));
            assertEquals("full", q.peekNowait());
            assertThrows(Empty.class, () -> new Queue<String>().getNowait());
            assertFalse(new io.gevent4j.lock.Semaphore(0).tryAcquire());
            assertFalse(new io.gevent4j.event.Event().await(Duration.ZERO));
            hasHub.set(io.gevent4j.Cooperative.applies());
        });
        plain.finish();
        assertEquals(Boolean.FALSE, hasHub.get());
    }

    @Test
    void anotherThreadBlocksInGetAndPutUntilAGreenletActs() throws Exception {
        Queue<String> q = new Queue<>(1);
        AtomicReference<String> got = new AtomicReference<>();
        Foreign getter = Foreign.start("getter", () -> got.set(q.get(Duration.ofSeconds(20))));
        Gevent.spawn(() -> {
                    Gevent.sleep(50);
                    q.put("hello");
                })
                .join();
        getter.finish();
        assertEquals("hello", got.get());

        q.put("full");
        Foreign putter = Foreign.start("putter", () -> q.put("second", Duration.ofSeconds(20)));
        Gevent.sleep(50);
        assertEquals("full", q.get());
        putter.finish();
        assertEquals("second", q.get(Duration.ofSeconds(5)));
    }
}
