package io.gevent4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.testkit.Foreign;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupTest {

    @Test
    void membersLeaveWhenTheyDieAndJoinWaitsForAll() {
        Group group = new Group();
        Greenlet<Integer> a = group.spawn(() -> {
            Gevent.sleep(20);
            return 1;
        });
        Greenlet<Void> b = group.spawn(() -> Gevent.sleep(40));
        assertEquals(2, group.size());
        assertTrue(group.contains(a));
        List<Greenlet<?>> seen = new ArrayList<>();
        group.forEach(seen::add);
        assertEquals(List.of(a, b), seen);
        assertTrue(group.join(Duration.ofSeconds(10)));
        assertEquals(0, group.size());
        assertFalse(group.contains(a));
        assertTrue(a.isDead() && b.isDead());
    }

    @Test
    void joinWithTimeoutReturnsFalseWhileMembersRun() {
        Group group = new Group();
        group.spawn(() -> Gevent.sleep(60_000));
        long waited = Foreign.millis(() -> assertFalse(group.join(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        group.kill();
        assertEquals(0, group.size());
        assertTrue(group.join(Duration.ZERO));
    }

    @Test
    void addAndDiscardAndStart() {
        Group group = new Group();
        Greenlet<String> g = Greenlet.of(() -> "x");
        group.add(g);
        group.add(g);
        assertEquals(1, group.size());
        assertTrue(group.discard(g));
        assertFalse(group.discard(g));
        assertEquals(0, group.size());
        group.start(g);
        assertTrue(group.contains(g));
        assertEquals("x", g.get());
        assertEquals(0, group.size());
        group.add(g);
        assertEquals(0, group.size(), "a dead greenlet is not added");
    }

    @Test
    void killKillsEveryMember() {
        Group group = new Group();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            gs.add(group.spawn(() -> Gevent.sleep(60_000)));
        }
        Gevent.sleep(0);
        assertTrue(group.kill(Duration.ofSeconds(10)));
        for (Greenlet<Void> g : gs) {
            assertInstanceOf(GreenletExit.class, g.value());
        }
        assertEquals(0, group.size());
    }

    @Test
    void mapReturnsResultsInInputOrder() {
        Group group = new Group();
        List<Integer> results = group.map(
                n -> {
                    Gevent.sleep(10L * (5 - n));
                    return n * n;
                },
                List.of(0, 1, 2, 3, 4));
        assertEquals(List.of(0, 1, 4, 9, 16), results);
        assertEquals(List.of(), group.map(n -> n, List.<Integer>of()));
    }

    @Test
    void aFailingTaskFailsMapWithTheSameExceptionAndKillsTheRest() {
        Group group = new Group();
        UncheckedIOException boom = new UncheckedIOException(new IOException("boom"));
        List<Greenlet<?>> slow = Collections.synchronizedList(new ArrayList<>());
        UncheckedIOException thrown = assertThrows(
                UncheckedIOException.class,
                () -> quietly(() -> group.map(
                        n -> {
                            if (n == 2) {
                                Gevent.sleep(20);
                                throw boom;
                            }
                            slow.add(Gevent.getCurrent());
                            Gevent.sleep(60_000);
                            return n;
                        },
                        List.of(0, 1, 2, 3))));
        assertSame(boom, thrown);
        assertEquals(3, slow.size());
        for (Greenlet<?> g : slow) {
            assertTrue(g.isDead(), "killed: " + g);
        }
        assertEquals(0, group.size());
    }

    @Test
    void aTaskKilledBySomeoneElseFailsMapWithCancellation() {
        Group group = new Group();
        CancellationException e = assertThrows(
                CancellationException.class,
                () -> group.map(
                        n -> {
                            if (n == 1) {
                                Gevent.getCurrent().killAsync();
                            }
                            return n;
                        },
                        List.of(0, 1, 2)));
        assertInstanceOf(GreenletExit.class, e.getCause());
    }

    @Test
    void imapThrowsAFailureWhenItsTurnComesAfterTheResultsBeforeIt() {
        Group group = new Group();
        IllegalStateException bad = new IllegalStateException("bad 2");
        List<Integer> got = new ArrayList<>();
        Iterator<Integer> it = group.imap(
                n -> {
                    Gevent.sleep(10L * (4 - n));
                    if (n == 2) {
                        throw bad;
                    }
                    return n;
                },
                List.of(0, 1, 2, 3));
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> quietly(() -> {
                    while (it.hasNext()) {
                        got.add(it.next());
                    }
                    return null;
                }));
        assertSame(bad, thrown);
        assertEquals(List.of(0, 1), got);
        assertFalse(it.hasNext(), "closed after a failure");
        assertEquals(0, group.size());
    }

    @Test
    void imapReportsAFailureOfTheInputsInItsPlace() {
        Group group = new Group();
        IllegalArgumentException broken = new IllegalArgumentException("broken input");
        Iterable<Integer> inputs = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                if (i == 2) {
                    throw broken;
                }
                return true;
            }

            @Override
            public Integer next() {
                return i++;
            }
        };
        List<Integer> got = new ArrayList<>();
        MapIterator<Integer> it = group.imap(n -> n * 10, inputs);
        assertSame(broken, assertThrows(IllegalArgumentException.class, () -> {
            for (int r : it) {
                got.add(r);
            }
        }));
        assertEquals(List.of(0, 10), got);
        // Unordered, the failure comes when it happens: here before any task has finished.
        assertSame(
                broken,
                assertThrows(
                        IllegalArgumentException.class,
                        () -> group.imapUnordered(n -> n * 10, inputs).forEach(got::add)));
        assertEquals(0, group.size());
    }

    @Test
    void closingAnImapKillsWhatIsStillRunning() {
        Group group = new Group();
        List<Integer> got = new ArrayList<>();
        try (MapIterator<Integer> it = group.imap(
                n -> {
                    Gevent.sleep(n == 0 ? 1 : 60_000);
                    return n;
                },
                List.of(0, 1, 2))) {
            got.add(it.next());
        }
        assertEquals(List.of(0), got);
        assertEquals(0, group.size(), "the rest were killed");
    }

    @Test
    void applyRunsATaskAndReturnsItsResultOrItsException() {
        Group group = new Group();
        assertEquals(6, group.apply(() -> 2 * 3));
        int seven = group.apply((Integer n) -> n + 1, 6);
        assertEquals(7, seven);
        IOException io = new IOException("no");
        assertSame(
                io,
                assertThrows(
                        IOException.class,
                        () -> quietly(() -> group.apply(() -> {
                            throw io;
                        }))));
        Greenlet<String> async = group.applyAsync(() -> "later");
        assertTrue(group.contains(async));
        assertEquals("later", async.get());
        List<String> called = new ArrayList<>();
        Greenlet<String> withCallback = group.applyAsync(() -> "v", called::add);
        withCallback.join();
        Gevent.sleep(20);
        assertEquals(List.of("v"), called);
    }

    @Test
    void membershipChangesFromAnotherThreadAreSafe() throws Exception {
        Group group = new Group();
        AtomicInteger ran = new AtomicInteger();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            gs.add(Greenlet.of(() -> {
                Gevent.sleep(5);
                ran.incrementAndGet();
            }));
        }
        Foreign adder = Foreign.start("adder", () -> {
            for (Greenlet<Void> g : gs) {
                group.add(g);
                g.start();
            }
        });
        adder.finish();
        assertTrue(group.join(Duration.ofSeconds(20)));
        assertEquals(50, ran.get());
        assertEquals(0, group.size());
    }

    /** Runs {@code body} with stderr silenced (a failing greenlet reports itself there). */
    static <T> T quietly(java.util.concurrent.Callable<T> body) throws Exception {
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return body.call();
        } finally {
            System.setErr(err);
        }
    }
}
