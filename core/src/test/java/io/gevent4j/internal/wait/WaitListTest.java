package io.gevent4j.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.internal.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The FIFO hand-off every queue, semaphore and lock is built on, on its own. */
class WaitListTest {
    private final Object lock = new Object();
    private final WaitList<String> list = new WaitList<>(lock);

    private WaitNode<String> enqueue(java.util.function.Supplier<WaitNode<String>> node, long deadline) {
        synchronized (lock) {
            return list.enqueue(node, deadline);
        }
    }

    @Test
    void aCallThatMustNotWaitMakesNoNode() {
        assertNull(enqueue(WaitNode::taker, Deadlines.NOWAIT));
        assertNull(enqueue(WaitNode::taker, System.nanoTime() - 1));
        synchronized (lock) {
            assertTrue(list.isEmpty());
            assertEquals(0, list.size());
        }
    }

    @Test
    void observersAheadOfTheFirstTakerAreShownTheValueAndTheTakerGetsIt() {
        WaitNode<String> watcher = enqueue(WaitNode::observer, Deadlines.NONE);
        WaitNode<String> taker = enqueue(WaitNode::taker, Deadlines.NONE);
        WaitNode<String> second = enqueue(WaitNode::taker, Deadlines.NONE);
        synchronized (lock) {
            assertEquals(3, list.size());
            assertSame(watcher, list.first());
            assertSame(taker, list.handOff("item"));
            assertSame(second, list.first());
            assertEquals(1, list.size());
        }
        assertTrue(watcher.isGranted());
        assertFalse(watcher.consumes());
        assertEquals("item", watcher.value());
        assertTrue(taker.isGranted());
        assertEquals("item", taker.value());
        assertFalse(second.isGranted());
    }

    @Test
    void withNoTakerEveryObserverIsWokenAndTheCallerKeepsTheValue() {
        WaitNode<String> a = enqueue(WaitNode::observer, Deadlines.NONE);
        WaitNode<String> b = enqueue(WaitNode::observer, Deadlines.NONE);
        synchronized (lock) {
            assertNull(list.handOff("item"));
            assertTrue(list.isEmpty());
        }
        assertTrue(a.isGranted() && b.isGranted());
    }

    @Test
    void grantingAnOfferingNodeTellsItsOfferWasTaken() {
        WaitNode<String> putter = enqueue(() -> WaitNode.offering("offered"), Deadlines.NONE);
        synchronized (lock) {
            assertEquals("offered", list.first().value());
            list.grant(putter);
            assertTrue(list.isEmpty());
        }
        assertTrue(putter.isGranted());
        assertEquals("offered", putter.value());
        assertTrue(list.await(putter, Deadlines.NONE, null));
    }

    @Test
    void aWaitThatTimesOutWithdrawsItsNode() {
        long deadline = System.nanoTime() + Duration.ofMillis(20).toNanos();
        WaitNode<String> node = enqueue(WaitNode::taker, deadline);
        assertFalse(list.await(node, deadline, null));
        synchronized (lock) {
            assertTrue(list.isEmpty());
        }
        assertFalse(node.isGranted());
    }

    @Test
    void aNodeGrantedBeforeItsDeadlinePassedCountsAsGrantedEvenWhenItWaitsLate() {
        long deadline = System.nanoTime() + Duration.ofMillis(1).toNanos();
        WaitNode<String> node = enqueue(WaitNode::taker, deadline);
        synchronized (lock) {
            list.grant(node, "in time");
        }
        Gevent.sleep(5); // the deadline passes before the node waits
        assertTrue(list.await(node, deadline, null));
        assertEquals("in time", node.value());
    }

    @Test
    void aGrantFromAnotherThreadWakesTheWaiterWithTheValue() throws Exception {
        WaitNode<String> node = enqueue(WaitNode::taker, Deadlines.NONE);
        Thread granter = new Thread(() -> {
            sleepQuietly(20);
            synchronized (lock) {
                list.grant(list.first(), "from afar");
            }
        });
        granter.start();
        assertTrue(list.await(node, Deadlines.NONE, null));
        assertEquals("from afar", node.value());
        granter.join();
    }

    @Test
    void waitersAreServedInArrivalOrder() {
        List<String> served = new ArrayList<>();
        List<Greenlet<Void>> takers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "taker" + i;
            takers.add(Gevent.spawn(() -> {
                WaitNode<String> n = enqueue(WaitNode::taker, Deadlines.NONE);
                list.await(n, Deadlines.NONE, null);
                served.add(name + "<-" + n.value());
            }));
        }
        Gevent.sleep(0); // all five wait now, in spawn order
        for (int i = 0; i < 5; i++) {
            synchronized (lock) {
                list.handOff("v" + i);
            }
        }
        Gevent.joinAll(takers);
        assertEquals(List.of("taker0<-v0", "taker1<-v1", "taker2<-v2", "taker3<-v3", "taker4<-v4"), served);
    }

    @Test
    void aKilledWaiterThatWasNotGrantedIsWithdrawnAndTheKillPropagates() {
        AtomicReference<WaitNode<String>> node = new AtomicReference<>();
        AtomicBoolean abandonedCalled = new AtomicBoolean();
        Greenlet<Void> g = Gevent.spawn(() -> {
            node.set(enqueue(WaitNode::taker, Deadlines.NONE));
            list.await(node.get(), Deadlines.NONE, n -> abandonedCalled.set(true));
        });
        Gevent.sleep(0);
        g.kill();
        assertTrue(((Object) g.value()) instanceof GreenletExit);
        assertFalse(abandonedCalled.get());
        synchronized (lock) {
            assertTrue(list.isEmpty());
        }
    }

    @Test
    void aKilledTakerThatWasGrantedHandsBackUnderTheLockAndTheKillPropagates() {
        AtomicReference<WaitNode<String>> node = new AtomicReference<>();
        List<String> givenBack = new ArrayList<>();
        Greenlet<Void> g = Gevent.spawn(() -> {
            node.set(enqueue(WaitNode::taker, Deadlines.NONE));
            list.await(node.get(), Deadlines.NONE, n -> {
                assertTrue(Thread.holdsLock(lock));
                givenBack.add(n.value());
            });
        });
        Gevent.sleep(0);
        synchronized (lock) {
            list.grant(node.get(), "handed");
        }
        g.killAsync(); // lands before g runs again: its wait sees both the grant and the kill
        g.join();
        assertTrue(((Object) g.value()) instanceof GreenletExit);
        assertEquals(List.of("handed"), givenBack);
    }

    @Test
    void aKilledPutterWhoseItemWasTakenReturnsAndTheKillComesAtItsNextWait() {
        AtomicReference<WaitNode<String>> node = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicBoolean ranOn = new AtomicBoolean();
        Greenlet<Void> g = Gevent.spawn(() -> {
            node.set(enqueue(() -> WaitNode.offering("item"), Deadlines.NONE));
            returned.set(list.await(node.get(), Deadlines.NONE, null));
            Gevent.sleep(10); // the kill is raised here
            ranOn.set(true);
        });
        Gevent.sleep(0);
        synchronized (lock) {
            list.grant(node.get());
        }
        g.killAsync();
        g.join();
        assertTrue(returned.get(), "the put happened, so it returned");
        assertFalse(ranOn.get());
        assertTrue(((Object) g.value()) instanceof GreenletExit);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
