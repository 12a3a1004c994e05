package io.gevent4j.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void putWaitsForAGetter() {
        Channel<String> ch = new Channel<>();
        List<String> out = new ArrayList<>();
        Greenlet<?> putter = Gevent.spawn(() -> {
            ch.put("x");
            out.add("put returned");
        });
        Gevent.sleep(50);
        assertEquals(List.of(), out, "no getter yet");
        assertEquals(0, ch.size());
        assertTrue(ch.isFull());
        assertTrue(ch.isEmpty());
        assertEquals(0, ch.maxsize());
        assertEquals("x", ch.peek());
        assertEquals("x", ch.get());
        putter.join();
        assertEquals(List.of("put returned"), out);
    }

    @Test
    void getWaitsForAPutterAndNowaitNeedsAPartner() {
        Channel<String> ch = new Channel<>();
        assertThrows(Full.class, () -> ch.putNowait("x"));
        assertThrows(Empty.class, ch::getNowait);
        Greenlet<String> getter = Gevent.spawn(() -> ch.get());
        Gevent.sleep(0);
        ch.putNowait("y"); // a getter waits: succeeds
        assertEquals("y", getter.get());
        Greenlet<Void> putter = Gevent.spawn(() -> ch.put("z"));
        Gevent.sleep(0);
        assertEquals("z", ch.getNowait());
        putter.join();
    }

    @Test
    void timedPutAndGetTimeOutAndLeaveNothing() {
        Channel<String> ch = new Channel<>();
        long waited = Foreign.millis(() -> assertThrows(Full.class, () -> ch.put("lost?", Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        assertThrows(Empty.class, ch::getNowait, "a timed-out put delivers nothing later");
        waited = Foreign.millis(() -> assertThrows(Empty.class, () -> ch.get(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
    }

    @Test
    void puttersAndGettersPairUpInArrivalOrder() {
        Channel<Integer> ch = new Channel<>();
        List<Greenlet<?>> putters = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            putters.add(Gevent.spawn(() -> ch.put(n)));
        }
        Gevent.sleep(0);
        assertEquals(List.of(1, 2, 3), List.of(ch.get(), ch.get(), ch.get()));
        Gevent.joinAll(putters);
    }

    @Test
    void aGetterKilledAfterTheHandOffKeepsTheItemForTheNextGet() {
        Channel<String> ch = new Channel<>();
        Greenlet<String> victim = Gevent.spawn(() -> ch.get());
        Gevent.sleep(0);
        ch.put("x"); // returns at once: the getter was waiting
        victim.killAsync();
        victim.join();
        assertEquals(1, ch.size());
        assertEquals("x", ch.getNowait());
        assertFalse(ch.size() > 0);
    }

    @Test
    void anotherThreadPutsToAWaitingHub() throws Exception {
        Channel<String> ch = new Channel<>();
        Foreign putter = Foreign.start("putter", () -> ch.put("ping", Duration.ofSeconds(20)));
        assertEquals("ping", ch.get(Duration.ofSeconds(20)));
        putter.finish();
    }
}
