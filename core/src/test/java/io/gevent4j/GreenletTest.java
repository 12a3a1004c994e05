package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class GreenletTest {

    @Test
    void getReturnsTheValue() {
        Greenlet<String> g = Gevent.spawn(() -> "hello");
        assertEquals("hello", g.get());
        assertTrue(g.isReady());
        assertTrue(g.isDead());
        assertTrue(g.isSuccessful());
        assertEquals("hello", g.value());
        assertNull(g.exception());
    }

    @Test
    void failureIsKeptRethrownAsItselfAndReportedOnce() {
        IOException boom = new IOException("boom");
        String err = captureStderr(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                throw boom;
            });
            g.join();
            assertFalse(g.isSuccessful());
            assertSame(boom, g.exception());
            assertNull(g.value());
            IOException thrown = assertThrows(IOException.class, g::get);
            assertSame(boom, thrown);
            assertThrows(IOException.class, g::get);
        });
        assertEquals(1, occurrences(err, "failed with java.io.IOException"), err);
        assertTrue(err.contains("boom"), err);
    }

    @Test
    void aFailedGreenletDoesNotHurtTheHubOrOthers() {
        captureStderr(() -> {
            Greenlet<Void> bad = Gevent.spawn(() -> {
                Gevent.sleep(0);
                throw new IllegalStateException("bad");
            });
            Greenlet<Integer> good = Gevent.spawn(() -> {
                Gevent.sleep(20);
                return 42;
            });
            Gevent.joinAll(List.of(bad, good));
            assertEquals(42, good.get());
            assertInstanceOf(IllegalStateException.class, bad.exception());
        });
    }

    @Test
    void runReturnsTheRootGreenletsValueAndRethrowsItsFailure() {
        assertEquals(7, Gevent.run(() -> {
            Greenlet<Integer> inner = Gevent.spawn(() -> 3);
            return inner.get() + 4;
        }));
        captureStderr(() -> assertThrows(ArithmeticException.class, () -> Gevent.run(() -> 1 / zero())));
    }

    private static int zero() {
        return 0;
    }

    @Test
    void killBeforeStartMeansItNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        Greenlet<?> g = Gevent.spawn(ran::incrementAndGet);
        g.kill();
        Gevent.sleep(50);
        assertEquals(0, ran.get());
        assertTrue(g.isDead());
        assertTrue(g.isSuccessful());
        assertInstanceOf(GreenletExit.class, g.value());
    }

    @Test
    void killRaisesGreenletExitAtTheBlockingPointAndWaits() {
        List<String> out = new ArrayList<>();
        Greenlet<Void> g = Gevent.spawn(() -> {
            try {
                out.add("sleeping");
                Gevent.sleep(60_000);
                out.add("woke");
            } catch (GreenletExit e) {
                out.add("exit");
                throw e;
            } finally {
                out.add("cleanup");
            }
        });
        Gevent.sleep(0);
        long start = System.nanoTime();
        g.kill();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(g.isDead(), "kill waits until dead");
        assertEquals(List.of("sleeping", "exit", "cleanup"), out);
        assertTrue(g.isSuccessful());
        assertInstanceOf(GreenletExit.class, g.value());
        assertInstanceOf(GreenletExit.class, g.get());
    }

    @Test
    void killDuringSleepZeroLandsWhenItComesBack() {
        List<String> out = new ArrayList<>();
        Greenlet<Void> victim = Gevent.spawn(() -> {
            while (true) {
                out.add("tick");
                Gevent.sleep(0);
            }
        });
        Greenlet<Void> killer = Gevent.spawn(() -> {
            Gevent.sleep(0);
            victim.kill();
            out.add("killed");
        });
        Gevent.joinAll(List.of(victim, killer));
        assertEquals("killed", out.get(out.size() - 1));
        assertTrue(victim.isSuccessful());
    }

    @Test
    void killWithTimeoutReportsAGreenletThatIgnoresIt() {
        Greenlet<Void> stubborn = Gevent.spawn(() -> {
            try {
                Gevent.sleep(60_000);
            } catch (GreenletExit e) {
                Gevent.sleep(300);
            }
        });
        Gevent.sleep(0);
        assertFalse(stubborn.kill(Duration.ofMillis(20)));
        stubborn.join();
        assertTrue(stubborn.isDead());
    }

    @Test
    void killFromAnotherThreadReachesAGreenletBlockedOnTheHub() throws Exception {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(60_000));
        Gevent.sleep(0);
        Thread killer = new Thread(g::kill);
        killer.start();
        g.join();
        killer.join();
        assertInstanceOf(GreenletExit.class, g.value());
    }

    @Test
    void killAllKillsEveryone() {
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gs.add(Gevent.spawn(() -> Gevent.sleep(60_000)));
        }
        Gevent.sleep(0);
        Gevent.killAll(gs);
        for (Greenlet<Void> g : gs) {
            assertTrue(g.isDead());
            assertInstanceOf(GreenletExit.class, g.value());
        }
    }

    @Test
    void selfKillThrowsAtOnce() {
        Greenlet<String> g = Gevent.spawn(() -> {
            Gevent.getCurrent().kill();
            return "not reached";
        });
        g.join();
        assertInstanceOf(GreenletExit.class, g.value());
    }

    @Test
    void joinWithTimeoutReturnsFalseWhileRunning() {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(500));
        long start = System.nanoTime();
        assertFalse(g.join(Duration.ofMillis(50)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= Duration.ofMillis(45).toNanos(), "waited " + waited);
        assertTrue(g.join(Duration.ofSeconds(10)));
    }

    @Test
    void getWithTimeoutThrowsTimeout() {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(500));
        assertThrows(Timeout.class, () -> g.get(Duration.ofMillis(20)));
        g.kill();
    }

    @Test
    void joinAllWithTimeoutReturnsTheFinishedInTheOrderTheyDied() {
        Greenlet<Void> slow = Gevent.spawn(() -> Gevent.sleep(5_000));
        Greenlet<Void> b = Gevent.spawn(() -> Gevent.sleep(60));
        Greenlet<Void> a = Gevent.spawn(() -> Gevent.sleep(20));
        List<Greenlet<Void>> done = Gevent.joinAll(List.of(slow, b, a), Duration.ofMillis(1_000));
        assertEquals(List.of(a, b), done);
        slow.kill();
    }

    @Test
    void joiningItselfIsAnError() {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.getCurrent().join());
        captureStderr(g::join);
        assertInstanceOf(IllegalStateException.class, g.exception());
    }

    @Test
    void linksRunInTheirOwnGreenletOnceDead() {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Greenlet<String> g = Gevent.spawn(() -> "v");
        g.link(x -> out.add("link " + x.value() + " in " + (Gevent.getCurrent() != null && Gevent.getCurrent() != x)));
        g.linkValue(x -> out.add("value"));
        g.linkException(x -> out.add("exception"));
        java.util.function.Consumer<Greenlet<String>> removed = x -> out.add("removed");
        g.link(removed);
        assertTrue(g.unlink(removed));
        g.join();
        Gevent.sleep(20);
        assertEquals(List.of("link v in true", "value"), out);
        g.link(x -> out.add("late"));
        Gevent.sleep(20);
        assertEquals("late", out.get(out.size() - 1));
    }

    @Test
    void spawnLaterWaitsAndCanBeKilledBeforeItStarts() {
        long start = System.nanoTime();
        Greenlet<Long> later = Gevent.spawnLater(Duration.ofMillis(100), () -> System.nanoTime() - start);
        assertTrue(later.get() >= Duration.ofMillis(95).toNanos());
        AtomicInteger ran = new AtomicInteger();
        Greenlet<?> never = Gevent.spawnLater(Duration.ofMillis(50), ran::incrementAndGet);
        never.kill();
        Gevent.sleep(150);
        assertEquals(0, ran.get());
    }

    @Test
    void eachGreenletIsItsOwnThread() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        ReentrantLock lock = new ReentrantLock();
        List<String> out = new ArrayList<>();
        local.set("hub");
        Greenlet<Void> a = Gevent.spawn(() -> {
            local.set("a");
            lock.lock();
            Gevent.sleep(10);
            out.add("a sees " + local.get() + " and holds " + lock.isHeldByCurrentThread());
            lock.unlock();
        });
        Greenlet<Void> b = Gevent.spawn(() -> {
            out.add("b sees " + local.get() + " and holds " + lock.isHeldByCurrentThread());
            local.set("b");
        });
        Gevent.joinAll(List.of(a, b));
        assertEquals(List.of("b sees null and holds false", "a sees a and holds true"), out);
        assertEquals("hub", local.get());
        assertNotSame(a.thread(), b.thread());
        assertTrue(a.thread().isVirtual());
    }

    @Test
    void getCurrentKnowsGreenletsOnly() throws Exception {
        assertNull(Gevent.getCurrent());
        Greenlet<Greenlet<?>> g = Gevent.spawn(Gevent::getCurrent);
        assertSame(g, g.get());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread plain = Thread.ofVirtual().start(() -> {
            try {
                assertNull(Gevent.getCurrent(), "Gevent.getCurrent() on a plain virtual thread");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        plain.join();
        if (failure.get() != null) {
            throw new AssertionError("in the plain virtual thread: " + failure.get(), failure.get());
        }
    }

    @Test
    void namesAreReadable() {
        Greenlet<Void> g = Greenlet.of(() -> {});
        assertTrue(g.name().startsWith("Greenlet-"), g.name());
        g.setName("worker-1");
        assertEquals("worker-1", g.name());
        assertEquals("worker-1", g.thread().getName());
        assertTrue(g.toString().contains("worker-1"));
        g.start();
        assertThrows(IllegalStateException.class, g::start);
        g.join();
    }

    static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
