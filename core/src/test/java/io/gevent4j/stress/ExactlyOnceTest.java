package io.gevent4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Timeout;
import io.gevent4j.event.AsyncResult;
import io.gevent4j.event.Event;
import io.gevent4j.lock.BoundedSemaphore;
import io.gevent4j.lock.RLock;
import io.gevent4j.lock.Semaphore;
import io.gevent4j.pool.Pool;
import io.gevent4j.queue.Channel;
import io.gevent4j.queue.Empty;
import io.gevent4j.queue.Full;
import io.gevent4j.queue.JoinableQueue;
import io.gevent4j.queue.LifoQueue;
import io.gevent4j.queue.PriorityQueue;
import io.gevent4j.queue.Queue;
import io.gevent4j.testkit.Foreign;
import io.gevent4j.threadpool.ThreadPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Kills and timeouts are exactly-once: a blocking call either happened and returns, or did not happen
 * and raises. Thousands of operations race random kills, {@link Timeout}s and timed variants, from
 * greenlets and from a plain thread, and every item, permit and result is accounted for exactly once.
 */
class ExactlyOnceTest {
    private static final long SEED = 20261201L;

    /** How one blocking call is bounded: not at all, by its timed variant, or by a {@link Timeout} scope. */
    private enum Bound {
        NONE,
        TIMED,
        TIMEOUT;

        static Bound pick(Random random) {
            return values()[random.nextInt(3)];
        }
    }

    /** A short duration, zero included: timers then race the hand-offs themselves. */
    private static Duration shortly(Random random) {
        return Duration.ofNanos(random.nextInt(300_000));
    }

    /**
     * Runs {@code op} under {@code bound}'s Timeout scope when it has one; returns false when that
     * timeout ended it (the call did not happen).
     */
    private static boolean bounded(Bound bound, Duration d, Runnable op) {
        if (bound != Bound.TIMEOUT) {
            op.run();
            return true;
        }
        Timeout timeout = Timeout.start(d);
        try {
            op.run();
            return true;
        } catch (Timeout t) {
            if (t != timeout) {
                throw t;
            }
            return false;
        } finally {
            timeout.cancel();
        }
    }

    /**
     * The books of one queue run: ids whose put returned, ids that some get returned, and every id ever
     * offered. Sets are concurrent because a plain thread takes part.
     */
    private static final class Books {
        final Set<Integer> offered = ConcurrentHashMap.newKeySet();
        final Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
        final Set<Integer> failedPuts = ConcurrentHashMap.newKeySet();
        final List<Integer> taken = java.util.Collections.synchronizedList(new ArrayList<>());

        void put(Queue<Integer> q, int id, Bound bound, Duration d) {
            offered.add(id);
            boolean done;
            try {
                done = bounded(bound, d, () -> {
                    if (bound == Bound.TIMED) {
                        q.put(id, d);
                    } else {
                        q.put(id);
                    }
                });
            } catch (Full e) {
                failedPuts.add(id);
                return;
            } catch (GreenletExit e) {
                failedPuts.add(id);
                throw e;
            }
            if (done) {
                confirmed.add(id); // no blocking point between the return and this line: a kill lands later
            } else {
                failedPuts.add(id);
            }
        }

        void get(Queue<Integer> q, Bound bound, Duration d) {
            int[] got = new int[1];
            try {
                if (bounded(bound, d, () -> got[0] = bound == Bound.TIMED ? q.get(d) : q.get())) {
                    taken.add(got[0]);
                }
            } catch (Empty e) {
                // nothing taken
            }
        }

        /** Drains what is left and checks that every item is accounted for exactly once. */
        void settle(Queue<Integer> q) {
            while (true) {
                try {
                    taken.add(q.getNowait());
                } catch (Empty e) {
                    break;
                }
            }
            Set<Integer> seen = new HashSet<>();
            for (int id : taken) {
                assertTrue(seen.add(id), "item " + id + " was delivered twice");
                assertTrue(
                        confirmed.contains(id),
                        "item " + id + " was delivered, yet its put "
                                + (failedPuts.contains(id) ? "raised" : "never returned"));
            }
            assertEquals(confirmed, seen, "confirmed items that were never delivered nor left in the queue");
            boolean putsCanFail = q.maxsize() < Integer.MAX_VALUE;
            assertTrue(
                    confirmed.size() > 0 && (failedPuts.size() > 0 || !putsCanFail),
                    q + ": the run must have both outcomes to mean anything: " + confirmed.size() + " confirmed, "
                            + failedPuts.size() + " failed");
        }
    }

    /**
     * The reported reproduction: a Queue(4), 2,000 rounds of 10 greenlets each putting a unique id or
     * getting one, a sleep(0), then a third of them killed at random. No id may come out of a put that
     * raised.
     */
    @Test
    void aKilledPutWhoseItemWasTakenReturnsNormally() {
        Random random = new Random(SEED);
        Queue<Integer> q = new Queue<>(4);
        Books books = new Books();
        int nextId = 0;
        for (int round = 0; round < 2_000; round++) {
            List<Greenlet<?>> round10 = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = nextId++;
                round10.add(
                        random.nextBoolean()
                                ? Gevent.spawn(() -> books.put(q, id, Bound.NONE, Duration.ZERO))
                                : Gevent.spawn(() -> books.get(q, Bound.NONE, Duration.ZERO)));
            }
            Gevent.sleep(0);
            for (int i = 0; i < 10; i++) {
                if (random.nextInt(3) == 0) {
                    round10.get(i).killAsync();
                }
            }
            Gevent.sleep(0);
            Gevent.killAll(round10);
        }
        books.settle(q);
    }

    @Test
    void everyQueueKindAccountsForEveryItemUnderKillsTimeoutsAndAPlainThread() throws Exception {
        List<Supplier<Queue<Integer>>> kinds = List.of(
                () -> new Queue<>(3),
                LifoQueue::new,
                () -> new LifoQueue<>(2),
                () -> new PriorityQueue<>(2),
                () -> new JoinableQueue<>(2),
                Channel::new);
        int kind = 0;
        for (Supplier<Queue<Integer>> make : kinds) {
            Queue<Integer> q = make.get();
            Books books = new Books();
            churn(q, books, new Random(SEED + kind), kind * 1_000_000);
            books.settle(q);
            if (q instanceof JoinableQueue<Integer> jq) {
                // Every confirmed put counted one unfinished task, and no failed one did.
                assertEquals(books.confirmed.size(), jq.unfinishedTasks(), "unfinished tasks of " + q);
            }
            kind++;
        }
    }

    /**
     * A plain platform thread taking part until {@link AutoCloseable#close}: it runs {@code step} with a
     * random source of its own, and now and then kills one of {@code victims} (greenlets of the test's
     * hub) from outside.
     */
    private static AutoCloseable plainParty(
            Random random, List<Greenlet<?>> victims, java.util.function.Consumer<Random> step) {
        AtomicBoolean stop = new AtomicBoolean();
        long seed = random.nextLong();
        Foreign plain = Foreign.start("plain-party", () -> {
            Random r = new Random(seed);
            while (!stop.get()) {
                step.accept(r);
                synchronized (victims) {
                    if (!victims.isEmpty() && r.nextInt(4) == 0) {
                        victims.get(r.nextInt(victims.size())).killAsync();
                    }
                }
            }
        });
        return () -> {
            stop.set(true);
            plain.finish();
        };
    }

    /**
     * Rounds of greenlets putting and getting with every kind of bound, killed at random from the hub
     * and from a plain thread, while that thread also puts and gets with timeouts of its own.
     */
    private static void churn(Queue<Integer> q, Books books, Random random, int firstId) throws Exception {
        AtomicInteger ids = new AtomicInteger(firstId);
        List<Greenlet<?>> victims = java.util.Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable party = plainParty(random, victims, r -> {
            Bound bound = r.nextBoolean() ? Bound.TIMED : Bound.TIMEOUT; // never unbounded: it must end
            Duration d = Duration.ofNanos(r.nextInt(2_000_000));
            if (r.nextInt(3) < 2) { // more puts than gets: the queue is full much of the time
                books.put(q, ids.getAndIncrement(), bound, d);
            } else {
                books.get(q, bound, d);
            }
        })) {
            for (int round = 0; round < 600; round++) {
                List<Greenlet<?>> group = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Bound bound = Bound.pick(random);
                    Duration d = shortly(random);
                    int id = ids.getAndIncrement();
                    group.add(
                            random.nextInt(5) < 3 // more puts than gets, so that putters wait too
                                    ? Gevent.spawn(() -> books.put(q, id, bound, d))
                                    : Gevent.spawn(() -> books.get(q, bound, d)));
                }
                victims.addAll(group);
                Gevent.sleep(0);
                for (Greenlet<?> g : group) {
                    if (random.nextInt(4) == 0) {
                        g.killAsync();
                    }
                }
                Gevent.sleep(random.nextInt(3) == 0 ? 1 : 0);
                Gevent.killAll(group);
                victims.removeAll(group);
            }
        }
    }

    @Test
    void semaphoresNeitherLeakNorDoublePermits() throws Exception {
        IntFunction<Semaphore> unbounded = Semaphore::new;
        IntFunction<Semaphore> bounded = BoundedSemaphore::new;
        for (IntFunction<Semaphore> make : List.of(unbounded, bounded)) {
            Semaphore sem = make.apply(3);
            Random random = new Random(SEED);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger acquisitions = new AtomicInteger();
            java.util.function.BiConsumer<Bound, Duration> hold = (bound, d) -> {
                boolean[] got = new boolean[1];
                if (!bounded(bound, d, () -> got[0] = bound == Bound.TIMED ? sem.acquire(d) : acquireTrue(sem))
                        || !got[0]) {
                    return;
                }
                try {
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    acquisitions.incrementAndGet();
                    Gevent.sleep(0); // a kill that raced the acquire lands here, while holding
                } finally {
                    holding.decrementAndGet();
                    sem.release();
                }
            };
            List<Greenlet<?>> victims = java.util.Collections.synchronizedList(new ArrayList<>());
            try (AutoCloseable party = plainParty(
                    random,
                    victims,
                    r -> hold.accept(
                            r.nextBoolean() ? Bound.TIMED : Bound.TIMEOUT, Duration.ofNanos(r.nextInt(1_000_000))))) {
                for (int round = 0; round < 1_500; round++) {
                    List<Greenlet<?>> group = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        Bound bound = Bound.pick(random);
                        Duration d = shortly(random);
                        group.add(Gevent.spawn(() -> hold.accept(bound, d)));
                    }
                    victims.addAll(group);
                    Gevent.sleep(0);
                    for (Greenlet<?> g : group) {
                        if (random.nextInt(3) == 0) {
                            g.killAsync();
                        }
                    }
                    Gevent.killAll(group);
                    victims.removeAll(group);
                }
            }
            assertTrue(most.get() <= 3, "at most 3 holders at once, saw " + most.get());
            assertTrue(acquisitions.get() > 0);
            assertEquals(3, sem.availablePermits(), "permits after every holder released: " + sem);
            assertEquals(0, sem.waiting(), sem.toString());
        }
    }

    private static boolean acquireTrue(Semaphore sem) {
        sem.acquire();
        return true;
    }

    @Test
    void anRLockAcquiredUnderAKillIsOwnedAndReleased() {
        RLock lock = new RLock();
        Random random = new Random(SEED);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int round = 0; round < 1_500; round++) {
            List<Greenlet<?>> group = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Bound bound = Bound.pick(random);
                Duration d = shortly(random);
                group.add(Gevent.spawn(() -> {
                    boolean[] got = new boolean[1];
                    boolean ended = bounded(bound, d, () -> {
                        if (bound == Bound.TIMED) {
                            got[0] = lock.acquire(d);
                        } else {
                            lock.acquire();
                            got[0] = true;
                        }
                    });
                    if (!ended || !got[0]) {
                        assertFalse(lock.isHeldByCurrentThread(), "a failed acquire left the lock owned");
                        return;
                    }
                    assertTrue(lock.isHeldByCurrentThread(), "acquire returned without ownership");
                    try {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Gevent.sleep(0);
                    } finally {
                        inside.decrementAndGet();
                        lock.release();
                    }
                }));
            }
            Gevent.sleep(0);
            for (Greenlet<?> g : group) {
                if (random.nextInt(3) == 0) {
                    g.killAsync();
                }
            }
            Gevent.joinAll(group, Duration.ofSeconds(10));
            Gevent.killAll(group);
            for (Greenlet<?> g : group) {
                assertFalse(g.exception() instanceof AssertionError, () -> String.valueOf(g.exception()));
            }
        }
        assertEquals(1, most.get(), "an RLock admits one owner at a time");
        assertFalse(lock.isLocked(), "the lock is free once every owner released it: " + lock);
    }

    /**
     * Observers (Event.await, AsyncResult.get, Greenlet.join) racing kills: a wait that returns saw what
     * it waited for, and a kill it did not raise is raised at the next blocking point, never lost.
     */
    @Test
    void waitsOnEventsResultsAndGreenletsReturnOnlyWhenDoneAndNeverLoseTheKill() {
        Random random = new Random(SEED);
        AtomicInteger survivedAKill = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();
        AtomicInteger raised = new AtomicInteger();
        for (int round = 0; round < 1_500; round++) {
            Event event = new Event();
            AsyncResult<String> result = new AsyncResult<>();
            Greenlet<?> target = Gevent.spawn(() -> Gevent.sleep(0));
            List<Greenlet<?>> group = new ArrayList<>();
            List<Runnable> waits = List.of(
                    () -> assertTrue(event.await() && event.isSet()), () -> assertEquals("done", result.get()), () -> {
                        target.join();
                        assertTrue(target.isDead());
                    });
            Set<Greenlet<?>> killed = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 6; i++) {
                Runnable wait = waits.get(random.nextInt(waits.size()));
                group.add(Gevent.spawn(() -> {
                    try {
                        wait.run();
                    } catch (GreenletExit e) {
                        raised.incrementAndGet();
                        throw e;
                    }
                    returned.incrementAndGet();
                    Gevent.sleep(0); // a kill the wait did not raise must land here
                    if (killed.contains(Gevent.getCurrent())) {
                        survivedAKill.incrementAndGet();
                    }
                }));
            }
            Gevent.sleep(0);
            // Kills before, after, or interleaved with the making-ready; sometimes they land first.
            int order = random.nextInt(3);
            for (Greenlet<?> g : group) {
                if (order == 0) {
                    event.set();
                    result.set("done");
                }
                if (random.nextInt(3) == 0) {
                    killed.add(g);
                    g.killAsync();
                }
                if (order == 1 && random.nextBoolean()) {
                    Gevent.sleep(0);
                }
            }
            if (order == 2) {
                Gevent.sleep(0);
            }
            event.set();
            result.set("done");
            Gevent.joinAll(group, Duration.ofSeconds(10));
            for (Greenlet<?> g : group) {
                assertTrue(g.isDead(), g + " is still waiting");
                assertFalse(g.exception() instanceof AssertionError, () -> String.valueOf(g.exception()));
            }
        }
        assertEquals(0, survivedAKill.get(), "kills that were never raised");
        assertTrue(returned.get() > 0 && raised.get() > 0, returned + " returned, " + raised + " raised");
    }

    @Test
    void aPoolSpawnEitherStartsTheGreenletOrRaises() {
        Pool pool = new Pool(2);
        Random random = new Random(SEED);
        AtomicInteger spawned = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        for (int round = 0; round < 1_000; round++) {
            List<Greenlet<?>> spawners = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                spawners.add(Gevent.spawn(() -> {
                    try {
                        pool.spawn(() -> {
                            ran.incrementAndGet();
                            Gevent.sleep(0);
                        });
                    } catch (GreenletExit e) {
                        refused.incrementAndGet();
                        throw e;
                    }
                    spawned.incrementAndGet();
                }));
            }
            Gevent.sleep(0);
            for (Greenlet<?> g : spawners) {
                if (random.nextInt(3) == 0) {
                    g.killAsync();
                }
            }
            Gevent.joinAll(spawners, Duration.ofSeconds(10));
            pool.join();
        }
        assertEquals(spawned.get(), ran.get(), "every spawn that returned started its greenlet, and no other did");
        assertTrue(refused.get() > 0, "some spawns were killed while waiting for a slot");
        assertEquals(2, pool.freeCount(), pool.toString());
        assertEquals(0, pool.size(), pool.toString());
    }

    /** A resource an offloaded call opens: the caller closes it, or the pool does when the caller is gone. */
    private static final class Resource {
        final AtomicBoolean open = new AtomicBoolean(true);

        void close() {
            assertTrue(open.compareAndSet(true, false), "closed twice");
        }
    }

    @Test
    void anOffloadedCallWhoseCallerIsKilledReleasesWhatItOpened() throws Exception {
        ThreadPool pool = new ThreadPool(4);
        try {
            Random random = new Random(SEED);
            List<Resource> opened = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger raised = new AtomicInteger();
            for (int round = 0; round < 300; round++) {
                List<Greenlet<?>> group = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    long nanos = random.nextInt(400_000);
                    group.add(Gevent.spawn(() -> {
                        Resource r;
                        try {
                            r = pool.apply(
                                    "open",
                                    () -> {
                                        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
                                        Resource fresh = new Resource();
                                        opened.add(fresh);
                                        return fresh;
                                    },
                                    Resource::close);
                        } catch (GreenletExit e) {
                            raised.incrementAndGet();
                            throw e;
                        }
                        delivered.incrementAndGet();
                        r.close();
                    }));
                }
                Gevent.sleep(0);
                Gevent.sleep(Duration.ofNanos(random.nextInt(300_000)));
                for (Greenlet<?> g : group) {
                    if (random.nextInt(2) == 0) {
                        g.killAsync();
                    }
                }
                Gevent.joinAll(group, Duration.ofSeconds(10));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && opened.stream().anyMatch(r -> r.open.get())) {
                Gevent.sleep(10); // abandoned calls still running release their resource when they end
            }
            long leaked = opened.stream().filter(r -> r.open.get()).count();
            assertEquals(0, leaked, "resources neither delivered nor released");
            assertTrue(delivered.get() > 0 && raised.get() > 0, delivered + " delivered, " + raised + " raised");
        } finally {
            pool.close();
        }
    }
}
