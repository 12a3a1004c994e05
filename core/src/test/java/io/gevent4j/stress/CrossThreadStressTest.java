package io.gevent4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.event.AsyncResult;
import io.gevent4j.event.Event;
import io.gevent4j.lock.Semaphore;
import io.gevent4j.queue.Channel;
import io.gevent4j.queue.Empty;
import io.gevent4j.queue.Queue;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Items, permits and results crossing between other threads and a hub, with timed waits racing the
 * hand-offs and consumers killed mid-wait: nothing may be lost or delivered twice.
 */
class CrossThreadStressTest {

    /**
     * 100,000 items from two foreign threads through a queue of two places (so most puts and gets wait) to greenlet consumers that
     * wait with short timeouts and are killed and replaced all the time.
     */
    @Test
    void hundredThousandHandOffsFromOtherThreadsLoseNothing() throws Exception {
        final int perProducer = 50_000;
        final int total = 2 * perProducer;
        Queue<Integer> q = new Queue<>(2);
        BitSet seen = new BitSet(total);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        Event done = new Event();

        Runnable consume = () -> {
            while (!done.isSet()) {
                int item;
                try {
                    item = q.get(Duration.ofMillis(2));
                } catch (Empty e) {
                    continue;
                }
                // No blocking between get and recording: a kill lands only at the next get.
                if (seen.get(item)) {
                    duplicates.incrementAndGet();
                }
                seen.set(item);
                if (received.incrementAndGet() == total) {
                    done.set();
                }
            }
        };
        List<Greenlet<?>> consumers = new ArrayList<>();
        consumers.add(Gevent.spawn(consume::run));
        consumers.add(Gevent.spawn(consume::run));
        Greenlet<Void> killer = Gevent.spawn(() -> {
            int i = 0;
            while (!done.isSet()) {
                Gevent.sleep(1);
                Greenlet<?> victim = consumers.get(i % 2);
                victim.killAsync();
                consumers.set(i % 2, Gevent.spawn(consume::run));
                kills.incrementAndGet();
                i++;
            }
        });
        long start = System.nanoTime();
        List<Foreign> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * perProducer;
            producers.add(Foreign.start("producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    q.put(base + i);
                }
            }));
        }
        assertTrue(done.await(Duration.ofSeconds(60)), "received only " + received.get());
        long millis = (System.nanoTime() - start) / 1_000_000;
        killer.kill();
        Gevent.killAll(new ArrayList<>(consumers));
        for (Foreign f : producers) {
            f.finish();
        }
        assertEquals(total, received.get());
        assertEquals(0, duplicates.get());
        assertEquals(total, seen.cardinality());
        assertEquals(0, q.size());
        assertTrue(kills.get() > 0);
        System.out.println(
                "100,000 cross-thread queue hand-offs in " + millis + " ms, " + kills.get() + " consumer kills");
    }

    /** A greenlet and another thread play ping-pong over two channels: every step is a rendezvous. */
    @Test
    void channelPingPongBetweenAThreadAndAGreenlet() throws Exception {
        final int rounds = 10_000;
        Channel<Integer> ping = new Channel<>();
        Channel<Integer> pong = new Channel<>();
        Foreign other = Foreign.start("ponger", () -> {
            for (int i = 0; i < rounds; i++) {
                pong.put(ping.get() + 1);
            }
        });
        Greenlet<Integer> pinger = Gevent.spawn(() -> {
            int wrong = 0;
            for (int i = 0; i < rounds; i++) {
                ping.put(i);
                if (pong.get() != i + 1) {
                    wrong++;
                }
            }
            return wrong;
        });
        assertEquals(0, pinger.get(Duration.ofSeconds(60)));
        other.finish();
    }

    /** Permits released by another thread, acquired by greenlets (half of them with timeouts): none lost. */
    @Test
    void permitsFromAnotherThreadAreNeitherLostNorDoubled() throws Exception {
        final int permits = 20_000;
        Semaphore sem = new Semaphore(0);
        AtomicInteger acquired = new AtomicInteger();
        List<Greenlet<?>> takers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean timed = t % 2 == 0;
            takers.add(Gevent.spawn(() -> {
                while (acquired.get() < permits) {
                    if (timed ? sem.acquire(Duration.ofMillis(1)) : sem.acquire(Duration.ofMillis(50))) {
                        acquired.incrementAndGet();
                    }
                }
            }));
        }
        Foreign releaser = Foreign.start("releaser", () -> {
            for (int i = 0; i < permits; i++) {
                sem.release();
            }
        });
        Gevent.joinAll(takers, Duration.ofSeconds(60));
        releaser.finish();
        assertEquals(permits, acquired.get());
        assertEquals(0, sem.availablePermits());
        assertEquals(0, sem.waiting());
    }

    /** Results set by another thread while a greenlet waits on each: every one arrives. */
    @Test
    void asyncResultsSetByAnotherThreadAllArrive() throws Exception {
        final int n = 10_000;
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(new AsyncResult<>());
        }
        Greenlet<Long> waiter = Gevent.spawn(() -> {
            long sum = 0;
            for (AsyncResult<Integer> r : results) {
                sum += r.get(Duration.ofSeconds(30));
            }
            return sum;
        });
        Foreign setter = Foreign.start("setter", () -> {
            for (int i = 0; i < n; i++) {
                results.get(i).set(i);
            }
        });
        assertEquals((long) n * (n - 1) / 2, waiter.get(Duration.ofSeconds(60)));
        setter.finish();
    }
}
