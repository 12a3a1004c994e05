package io.gevent4j.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RLockTest {

    @Test
    void theOwnerMayAcquireAgainAndMustReleaseAsOften() {
        RLock lock = new RLock();
        assertFalse(lock.isLocked());
        try (var outer = lock.hold()) {
            try (var inner = lock.hold()) {
                assertEquals(2, lock.holdCount());
                assertTrue(lock.tryAcquire());
                assertEquals(3, lock.holdCount());
                lock.release();
            }
            assertTrue(lock.isHeldByCurrentThread());
            Greenlet<Boolean> other = Gevent.spawn(() -> lock.tryAcquire());
            assertFalse(other.get(), "another greenlet cannot take it");
        }
        assertFalse(lock.isLocked());
        assertEquals(0, lock.holdCount());
    }

    @Test
    void onlyTheOwnerMayRelease() {
        RLock lock = new RLock();
        assertThrows(IllegalStateException.class, lock::release);
        Gevent.spawn(() -> lock.acquire()).join(); // a greenlet takes it and dies holding it
        assertTrue(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread());
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not owned"), e.getMessage());
    }

    @Test
    void eachGreenletIsItsOwnOwnerAndWaitersGoInArrivalOrder() {
        RLock lock = new RLock();
        List<String> out = new ArrayList<>();
        List<Greenlet<?>> gs = new ArrayList<>();
        lock.acquire(); // the hub's thread owns it
        for (String n : List.of("a", "b", "c")) {
            gs.add(Gevent.spawn(() -> {
                lock.acquire();
                lock.acquire();
                out.add(n + " in");
                Gevent.sleep(1);
                out.add(n + " out");
                lock.release();
                lock.release();
            }));
        }
        Gevent.sleep(0);
        assertEquals(List.of(), out);
        lock.release();
        Gevent.joinAll(gs);
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), out);
        assertFalse(lock.isLocked());
    }

    @Test
    void timedAcquireTimesOut() {
        RLock lock = new RLock();
        Gevent.spawn(() -> lock.acquire()).join();
        long waited = Foreign.millis(() -> assertFalse(lock.acquire(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        assertFalse(lock.tryAcquire());
    }

    @Test
    void aWaiterKilledAfterOwnershipWasHandedOverPassesItOn() {
        RLock lock = new RLock();
        lock.acquire();
        Greenlet<Void> victim = Gevent.spawn(() -> lock.acquire());
        Greenlet<Boolean> next = Gevent.spawn(() -> {
            boolean got = lock.acquire(Duration.ofSeconds(10));
            lock.release();
            return got;
        });
        Gevent.sleep(0);
        lock.release(); // ownership handed to victim
        victim.killAsync();
        victim.join();
        assertInstanceOf(io.gevent4j.GreenletExit.class, victim.value());
        assertTrue(next.get());
        assertFalse(lock.isLocked());
        assertTrue(lock.tryAcquire());
        lock.release();
    }

    @Test
    void anotherThreadOwnsAndReleasesWhileTheHubWaits() throws Exception {
        RLock lock = new RLock();
        Foreign owner = Foreign.start("owner", () -> {
            lock.acquire();
            Thread.sleep(80);
            lock.release();
        });
        while (!lock.isLocked()) {
            Thread.onSpinWait();
        }
        assertTrue(lock.acquire(Duration.ofSeconds(20)));
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        owner.finish();
    }
}
