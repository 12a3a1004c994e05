package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.event.Event;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Cooperative#awaitNanos}: the patch agent's {@code Thread.join} of a thread run as a greenlet. */
class CooperativeTest {

    @Test
    void aGreenletAwaitsAnotherWhileTheHubRunsTheRest() {
        Greenlet<String> slow = Gevent.spawn(() -> {
            Gevent.sleep(100);
            return "slow";
        });
        Greenlet<Boolean> joiner = Gevent.spawn(() -> Cooperative.awaitNanos(slow, -1));
        Greenlet<Boolean> timedOut =
                Gevent.spawn(() -> Cooperative.awaitNanos(slow, TimeUnit.MILLISECONDS.toNanos(20)));
        assertTrue(joiner.get());
        assertFalse(timedOut.get());
        assertTrue(slow.isDead());
    }

    @Test
    void theHubsOwnThreadRunsTheHubWhileItWaits() throws Exception {
        Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(50));
        long t0 = System.nanoTime();
        assertFalse(Cooperative.awaitNanos(g, TimeUnit.MILLISECONDS.toNanos(10)));
        assertTrue(Cooperative.awaitNanos(g, -1));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(45));
        assertTrue(Cooperative.awaitNanos(g, 0), "ready: no wait, no interrupt check");
    }

    @Test
    void interruptsEndTheWaitAsTheJdksTimedWaitsDo() throws Exception {
        Event never = new Event();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Cooperative.awaitNanos(never, -1));
        assertFalse(Thread.currentThread().isInterrupted(), "status cleared");

        String inGreenlet = Gevent.run(() -> {
            Greenlet<?> self = Gevent.getCurrent();
            Gevent.spawnLater(Duration.ofMillis(20), () -> self.thread().interrupt());
            try {
                Cooperative.awaitNanos(never, -1);
                return "not interrupted";
            } catch (InterruptedException e) {
                return "interrupted, status " + Thread.currentThread().isInterrupted();
            }
        });
        assertEquals("interrupted, status false", inGreenlet);

        Thread hubThread = Thread.currentThread();
        Foreign f = Foreign.startAfter(Duration.ofMillis(20), "interrupter", hubThread::interrupt);
        assertThrows(InterruptedException.class, () -> Cooperative.awaitNanos(never, -1));
        f.finish();
        assertFalse(Thread.currentThread().isInterrupted());

        never.set();
        Thread.currentThread().interrupt();
        assertTrue(Cooperative.awaitNanos(never, -1), "ready wins over a pending interrupt");
        assertTrue(Thread.interrupted());
    }
}
