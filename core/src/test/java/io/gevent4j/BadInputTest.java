package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class BadInputTest {

    @Test
    void nullTasksAreRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Gevent.spawn((Callable<Object>) null));
        assertTrue(e.getMessage().contains("task"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Gevent.spawn((ThrowingRunnable) null));
        assertThrows(NullPointerException.class, () -> Gevent.run((Callable<Object>) null));
    }

    @Test
    void negativeTimesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gevent.sleep(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gevent.sleep(Duration.ofMillis(-5)));
        assertThrows(IllegalArgumentException.class, () -> Timeout.start(Duration.ofMillis(-5)));
        Greenlet<Void> g = Gevent.spawn(() -> {});
        assertThrows(IllegalArgumentException.class, () -> g.join(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> g.kill(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Gevent.spawnLater(Duration.ofSeconds(-1), () -> {}));
        assertThrows(NullPointerException.class, () -> g.join(null));
        g.join();
    }

    @Test
    void nullCollectionsAndElementsAreRejected() {
        assertThrows(NullPointerException.class, () -> Gevent.joinAll(null));
        assertThrows(NullPointerException.class, () -> Gevent.joinAll(Arrays.asList((Greenlet<?>) null)));
        assertThrows(NullPointerException.class, () -> Gevent.killAll(Arrays.asList((Greenlet<?>) null)));
        assertThrows(IllegalArgumentException.class, () -> Gevent.wait(List.of(), null, -1));
    }

    @Test
    void aWaiterCanOnlyBeAwaitedByItsThread() throws Exception {
        Waiter w = new Waiter();
        Greenlet<Void> g = Gevent.spawn(w::await);
        GreenletTest.captureStderr(g::join);
        assertTrue(g.exception() instanceof IllegalStateException);
    }
}
