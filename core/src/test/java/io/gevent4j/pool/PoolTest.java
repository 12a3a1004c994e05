package io.gevent4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void neverRunsMoreThanItsSize() {
        Pool pool = new Pool(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inputs.add(i);
        }
        List<Integer> results = pool.map(
                n -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Gevent.sleep(1 + n % 4);
                    running.decrementAndGet();
                    return n;
                },
                inputs);
        assertEquals(inputs, results);
        assertEquals(3, most.get());
        assertEquals(3, pool.freeCount());
        assertEquals(3, pool.capacity());
    }

    @Test
    void spawnWaitsForAFreeSlotAndSlotsGoInArrivalOrder() {
        Pool pool = new Pool(1);
        List<String> out = new ArrayList<>();
        pool.spawn(() -> {
            Gevent.sleep(30);
            out.add("first done");
        });
        assertTrue(pool.isFull());
        assertEquals(0, pool.freeCount());
        List<Greenlet<?>> spawners = new ArrayList<>();
        for (String n : List.of("a", "b")) {
            spawners.add(
                    Gevent.spawn(() -> pool.spawn(() -> out.add(n + " ran")).join()));
        }
        Gevent.sleep(0); // a and b queue for the slot first
        pool.spawn(() -> out.add("hub ran")); // the hub's thread waits its turn too
        Gevent.joinAll(spawners);
        pool.join();
        assertEquals(List.of("first done", "a ran", "b ran", "hub ran"), out);
        assertEquals(1, pool.freeCount());
    }

    @Test
    void discardFreesASlotAndAddWaitsForOne() {
        Pool pool = new Pool(1);
        Greenlet<Void> sleeper = pool.spawn(() -> Gevent.sleep(60_000));
        Greenlet<Void> other = Greenlet.of(() -> {});
        Greenlet<?> adder = Gevent.spawn(() -> pool.add(other));
        Gevent.sleep(0);
        assertFalse(pool.contains(other), "no slot yet");
        assertTrue(pool.discard(sleeper));
        adder.join();
        assertTrue(pool.contains(other));
        assertEquals(0, pool.freeCount());
        other.start();
        other.join();
        assertEquals(1, pool.freeCount());
        sleeper.kill();
        assertEquals(1, pool.freeCount(), "a discarded greenlet's death frees nothing twice");
    }

    @Test
    void waitAvailableWaitsWithoutTakingASlot() {
        Pool pool = new Pool(1);
        pool.spawn(() -> Gevent.sleep(50));
        long waited =
                io.gevent4j.testkit.Foreign.millis(() -> assertEquals(0, pool.waitAvailable(Duration.ofMillis(10))));
        assertTrue(waited < 2_000);
        assertEquals(1, pool.waitAvailable());
        assertEquals(1, pool.waitAvailable(Duration.ZERO));
    }

    @Test
    void applyFromAMemberRunsInPlaceSoAFullPoolDoesNotDeadlock() {
        Pool pool = new Pool(1);
        Greenlet<Integer> outer = pool.spawn(() -> pool.apply(() -> 41) + 1);
        assertEquals(42, outer.get(Duration.ofSeconds(10)));
    }

    @Test
    void killFreesEverySlot() {
        Pool pool = new Pool(2);
        pool.spawn(() -> Gevent.sleep(60_000));
        pool.spawn(() -> Gevent.sleep(60_000));
        Gevent.sleep(0);
        pool.kill();
        assertEquals(2, pool.freeCount());
        assertEquals(0, pool.size());
    }

    @Test
    void sizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Pool(0));
    }
}
