package io.gevent4j.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Timeout;
import io.gevent4j.pool.Group;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemaphoreTest {

    /** Seed (shared/seeds/003): BoundedSemaphore(2), workers 0-1 by hand, then 3-5 with try-with-resources. */
    @Test
    void seedBoundedSemaphoreLetsTwoInAtATime() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        List<String> out = new ArrayList<>();
        Group pool = new Group(); // the seed's Pool() has no size limit
        pool.map(
                n -> {
                    sem.acquire();
                    out.add("Worker " + n + " acquired semaphore");
                    Gevent.sleep(0);
                    sem.release();
                    out.add("Worker " + n + " released semaphore");
                    return null;
                },
                List.of(0, 1));
        pool.map(
                n -> {
                    try (var held = sem.hold()) {
                        out.add("Worker " + n + " acquired semaphore");
                        Gevent.sleep(0);
                    }
                    out.add("Worker " + n + " released semaphore");
                    return null;
                },
                List.of(3, 4, 5));
        assertEquals(
                List.of(
                        "Worker 0 acquired semaphore",
                        "Worker 1 acquired semaphore",
                        "Worker 0 released semaphore",
                        "Worker 1 released semaphore",
                        "Worker 3 acquired semaphore",
                        "Worker 4 acquired semaphore",
                        "Worker 3 released semaphore",
                        "Worker 4 released semaphore",
                        "Worker 5 acquired semaphore",
                        "Worker 5 released semaphore"),
                out);
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void countsPermitsAndTryAcquireNeverWaits() {
        Semaphore sem = new Semaphore(2);
        assertTrue(sem.tryAcquire());
        assertTrue(sem.acquire(Duration.ZERO));
        assertTrue(sem.isLocked());
        assertFalse(sem.tryAcquire());
        assertFalse(sem.acquire(Duration.ZERO));
        sem.release();
        sem.release();
        sem.release(); // a plain semaphore may grow
        assertEquals(3, sem.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("too many"), e.getMessage());
        assertEquals(1, sem.availablePermits());
        sem.acquire();
        sem.release();
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void waitersAreServedInArrivalOrderAndNoNewcomerCutsIn() {
        Semaphore sem = new Semaphore(1);
        sem.acquire();
        List<String> out = new ArrayList<>();
        List<Greenlet<?>> gs = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            gs.add(Gevent.spawn(() -> {
                sem.acquire();
                out.add(n);
                Gevent.sleep(1);
                sem.release();
            }));
        }
        Gevent.sleep(0);
        assertEquals(3, sem.waiting());
        sem.release(); // handed to "a", which has not run yet
        assertFalse(sem.tryAcquire(), "the permit is a's, not a newcomer's");
        Gevent.joinAll(gs);
        assertEquals(List.of("a", "b", "c"), out);
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void timedAcquireTimesOutAndHoldWithTimeoutRaisesTimeout() {
        Semaphore sem = new Semaphore(0);
        long waited = Foreign.millis(() -> assertFalse(sem.acquire(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        assertEquals(0, sem.waiting());
        assertThrows(Timeout.class, () -> sem.hold(Duration.ofMillis(20)));
        assertFalse(sem.awaitAvailable(Duration.ofMillis(20)));
        Greenlet<Boolean> g = Gevent.spawn(() -> sem.acquire(Duration.ofMillis(50)));
        assertFalse(g.get());
        sem.release();
        assertEquals(1, sem.availablePermits(), "timed-out waiters took nothing");
    }

    @Test
    void holdReleasesOnceOnClose() {
        Semaphore sem = new Semaphore(1);
        Acquirable.Held held = sem.hold();
        assertEquals(0, sem.availablePermits());
        held.close();
        held.close();
        assertEquals(1, sem.availablePermits());
        try (var h = sem.hold(Duration.ofSeconds(1))) {
            assertEquals(0, sem.availablePermits());
        }
        assertEquals(1, sem.availablePermits());
        assertThrows(IllegalStateException.class, () -> {
            try (var h = sem.hold()) {
                throw new IllegalStateException("body failed");
            }
        });
        assertEquals(1, sem.availablePermits(), "released on the way out of a failure too");
    }

    @Test
    void aWaiterKilledAfterBeingHandedThePermitPassesItOn() {
        Semaphore sem = new Semaphore(1);
        sem.acquire();
        Greenlet<Void> victim = Gevent.spawn(() -> sem.acquire());
        Greenlet<Boolean> next = Gevent.spawn(() -> sem.acquire(Duration.ofSeconds(10)));
        Gevent.sleep(0);
        sem.release(); // handed to victim, which has not run yet
        victim.killAsync();
        victim.join();
        assertInstanceOf(GreenletExit.class, victim.value());
        assertTrue(next.get(), "the next waiter got the permit");
        assertEquals(0, sem.availablePermits());
        sem.release();
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void aKilledWaiterLeaksNoPermitWhetherOrNotItWasHandedOne() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        sem.acquire();
        Greenlet<Void> waiting = Gevent.spawn(() -> sem.acquire());
        Gevent.sleep(0);
        waiting.kill(); // not handed anything
        assertEquals(0, sem.waiting());
        Greenlet<Void> handed = Gevent.spawn(() -> sem.acquire());
        Gevent.sleep(0);
        sem.release(); // handed to it...
        handed.killAsync(); // ...killed before it runs
        handed.join();
        assertEquals(1, sem.availablePermits(), "the permit came back");
        assertTrue(sem.tryAcquire());
        sem.release();
    }

    @Test
    void anotherThreadsReleaseWakesTheHubThreadAndAGreenlet() throws Exception {
        Semaphore sem = new Semaphore(0);
        Greenlet<Boolean> g = Gevent.spawn(() -> sem.acquire(Duration.ofSeconds(20)));
        Gevent.sleep(0);
        Foreign releaser = Foreign.startAfter(Duration.ofMillis(50), "releaser", () -> {
            sem.release();
            sem.release();
        });
        assertTrue(sem.acquire(Duration.ofSeconds(20)));
        assertTrue(g.get());
        releaser.finish();
        assertEquals(0, sem.availablePermits());
    }

    @Test
    void awaitAvailableWaitsWithoutTaking() {
        Semaphore sem = new Semaphore(0);
        List<String> out = new ArrayList<>();
        Greenlet<?> watcher = Gevent.spawn(() -> {
            sem.awaitAvailable();
            out.add("available");
        });
        Gevent.sleep(0);
        assertEquals(List.of(), out);
        sem.release();
        watcher.join();
        assertEquals(List.of("available"), out);
        assertEquals(1, sem.availablePermits());
        assertTrue(sem.awaitAvailable(Duration.ZERO));
    }
}
