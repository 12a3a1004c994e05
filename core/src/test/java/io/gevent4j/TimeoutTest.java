package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    @Test
    void raisesItselfAtTheBlockingPointInAGreenlet() {
        Greenlet<String> g = Gevent.spawn(() -> {
            Timeout mine = Timeout.start(Duration.ofMillis(50));
            try {
                Gevent.sleep(10_000);
                return "slept";
            } catch (Timeout t) {
                return t == mine ? "mine" : "other";
            } finally {
                mine.cancel();
            }
        });
        long start = System.nanoTime();
        assertEquals("mine", g.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void worksOnTheHubsOwnThreadWhileTheHubRuns() {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(10_000));
        try (Timeout t = Timeout.start(Duration.ofMillis(50))) {
            Timeout raised = assertThrows(Timeout.class, g::join);
            assertSame(t, raised);
            assertTrue(t.expired());
        }
        g.kill();
    }

    @Test
    void aCancelledTimeoutNeverFires() {
        try (Timeout t = Timeout.start(Duration.ofMillis(20))) {
            Gevent.sleep(1);
        }
        Gevent.sleep(60);
    }

    @Test
    void anExpiredButUnraisedTimeoutIsWithdrawnOnClose() {
        Timeout t = Timeout.start(Duration.ofMillis(10));
        long until = System.nanoTime() + Duration.ofMillis(50).toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait(); // no blocking point: nothing raised yet
        }
        t.close();
        Gevent.sleep(5); // would raise if the expiry were still pending
    }

    @Test
    void nestedTimeoutsRaiseTheOneThatExpired() {
        try (Timeout outer = Timeout.start(Duration.ofSeconds(10))) {
            Timeout inner = Timeout.start(Duration.ofMillis(30));
            Timeout raised = assertThrows(Timeout.class, () -> Gevent.sleep(5_000));
            assertSame(inner, raised);
            assertFalse(outer.expired());
        }
    }

    @Test
    void withTimeoutReturnsTheValueOrTheFallback() {
        assertEquals("fast", Timeout.withTimeout(Duration.ofSeconds(5), () -> "fast"));
        assertEquals(
                "fallback",
                Timeout.withTimeout(
                        Duration.ofMillis(20),
                        () -> {
                            Gevent.sleep(5_000);
                            return "slow";
                        },
                        "fallback"));
        assertThrows(
                Timeout.class,
                () -> Timeout.withTimeout(Duration.ofMillis(20), () -> {
                    Gevent.sleep(5_000);
                    return "slow";
                }));
    }

    @Test
    void startingTwiceIsAnError() {
        try (Timeout t = Timeout.start(Duration.ofSeconds(1))) {
            assertThrows(IllegalStateException.class, t::start);
        }
    }

    @Test
    void worksOnAPlainVirtualThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong tookNanos = new AtomicLong(-1);
        Thread t = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            try (Timeout timeout = Timeout.start(Duration.ofMillis(30))) {
                Timeout raised = assertThrows(Timeout.class, () -> Gevent.sleep(5_000));
                tookNanos.set(System.nanoTime() - start);
                assertSame(timeout, raised);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(10)), "the virtual thread is still sleeping");
        if (failure.get() != null) {
            throw new AssertionError("in the virtual thread: " + failure.get(), failure.get());
        }
        // Raised at its deadline, not at the end of the 5 s sleep (a loaded machine may add some 100 ms).
        long took = tookNanos.get();
        assertTrue(
                took >= Duration.ofMillis(30).toNanos()
                        && took < Duration.ofMillis(500).toNanos(),
                "the 30 ms timeout ended the sleep after " + took / 1_000_000 + " ms");
    }
}
