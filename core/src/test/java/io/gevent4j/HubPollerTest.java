package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hub's own epoll set on its own, with a loopback socket pair: greenlets wait on this test thread's
 * hub, and the test, being that hub's thread, drives the poller directly. Needs {@code sun.nio.ch} and
 * {@code java.io} opened (this module's test JVM opens them, as the patch agent does).
 */
// The set-up's hub must be the test's: one thread for both (a test then ends on its interrupt or the fork's limit).
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SAME_THREAD)
class HubPollerTest {
    private Hub hub;
    private HubPoller poller;
    private SocketChannel local;
    private SocketChannel peer;
    private int fd;

    @BeforeEach
    void connect() throws Exception {
        assertTrue(JdkEpoll.available(), () -> "the JDK's epoll bindings are not open: " + JdkEpoll.unavailability());
        hub = Hub.current();
        poller = hub.poller();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer = SocketChannel.open(listener.getLocalAddress());
            local = listener.accept();
        }
        local.configureBlocking(false);
        fd = fdOf(local);
    }

    @AfterEach
    void close() throws IOException {
        poller.closed(fd);
        local.close();
        peer.close();
    }

    private static int fdOf(SocketChannel channel) throws Exception {
        Method getFd = channel.getClass().getDeclaredMethod("getFDVal");
        getFd.setAccessible(true);
        return (int) getFd.invoke(channel);
    }

    private Greenlet<Boolean> awaitInGreenlet(int event, Duration timeout) {
        return Gevent.spawn(() -> poller.await(Gevent.getCurrent(), fd, event, timeout.toNanos(), () -> true));
    }

    private void send(String text) throws IOException {
        peer.write(ByteBuffer.wrap(text.getBytes()));
    }

    private int drain() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int total = 0;
        for (int n; (n = local.read(buffer)) > 0; buffer.clear()) {
            total += n;
        }
        return total;
    }

    @Test
    void aGreenletWaitingForInputIsWokenByTheHubsOwnPoll() throws Exception {
        Greenlet<Boolean> reader = awaitInGreenlet(JdkEpoll.POLLIN, Duration.ZERO);
        Gevent.sleep(0); // it registers the socket and parks
        assertTrue(poller.hasWaiters());
        assertEquals(1, hub.stats().socketWaits());
        long wakeups = hub.stats().socketWakeups();
        send("ping");
        assertTrue(reader.get(Duration.ofSeconds(10)));
        assertFalse(poller.hasWaiters());
        assertEquals(wakeups + 1, hub.stats().socketWakeups());
        assertEquals(4, drain());
    }

    @Test
    void aTimedWaitEndsAtItsTimeoutWithNothingToRead() {
        long start = System.nanoTime();
        assertTrue(awaitInGreenlet(JdkEpoll.POLLIN, Duration.ofMillis(30)).get(Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
        assertFalse(poller.hasWaiters());
    }

    @Test
    void anEdgeThatCameWhileNobodyWaitedEndsTheNextWaitAtOnce() throws Exception {
        awaitInGreenlet(JdkEpoll.POLLIN, Duration.ofMillis(1)).get(); // registers the socket
        send("early");
        Thread.sleep(20); // let it arrive: nobody waits, so the edge is only remembered
        poller.poll(0);
        AtomicBoolean parked = new AtomicBoolean(true);
        Greenlet<Boolean> reader = Gevent.spawn(() -> {
            boolean handled = poller.await(Gevent.getCurrent(), fd, JdkEpoll.POLLIN, 0, () -> true);
            parked.set(poller.hasWaiters());
            return handled;
        });
        Gevent.sleep(0);
        assertTrue(reader.isDead(), "returned without parking");
        assertTrue(reader.get());
        assertFalse(parked.get());
        assertEquals(5, drain());
    }

    @Test
    void aReadIsSkippedOnlyWhileTheSocketIsKnownToBeDrained() throws Exception {
        assertFalse(poller.skipRead(fd), "not registered yet");
        awaitInGreenlet(JdkEpoll.POLLIN, Duration.ofMillis(1)).get(); // registered, nothing arrived
        poller.poll(0); // the first edge: the kernel reports what is ready now (writable)
        assertTrue(poller.skipRead(fd), "registered and drained");
        send("data");
        Thread.sleep(20);
        poller.poll(0);
        assertFalse(poller.skipRead(fd), "an IN edge came");
        poller.readDone(fd, 4096, 4096);
        assertFalse(poller.skipRead(fd), "a full read may have left more");
        poller.readDone(fd, 4096, drain());
        assertTrue(poller.skipRead(fd), "a short read drained it");
        peer.close();
        Thread.sleep(20);
        poller.poll(0);
        assertFalse(poller.skipRead(fd), "after a hang-up reads always go to the kernel");
        poller.readDone(fd, 4096, HubPoller.UNAVAILABLE);
        assertFalse(poller.skipRead(fd), "a hang-up is sticky");
    }

    @Test
    void stopWakesTheGreenletWaitingOnThatDescriptorAndEvent() {
        Greenlet<Boolean> reader = awaitInGreenlet(JdkEpoll.POLLIN, Duration.ZERO);
        Gevent.sleep(0);
        poller.stop(fd, JdkEpoll.POLLOUT); // another event: nobody to wake
        assertTrue(poller.hasWaiters());
        poller.stop(fd, JdkEpoll.POLLIN);
        assertTrue(reader.get(Duration.ofSeconds(10)));
        assertFalse(poller.hasWaiters());
    }

    @Test
    void aSecondWaiterForTheSameEventIsLeftToTheJdksPoller() {
        Greenlet<Boolean> first = awaitInGreenlet(JdkEpoll.POLLIN, Duration.ZERO);
        Gevent.sleep(0);
        Greenlet<Boolean> second = awaitInGreenlet(JdkEpoll.POLLIN, Duration.ZERO);
        assertFalse(second.get(Duration.ofSeconds(10)), "declined");
        assertFalse(
                Gevent.spawn(() -> poller.await(Gevent.getCurrent(), fd, 0x4000, 0, () -> true))
                        .get(),
                "neither POLLIN nor POLLOUT: declined");
        poller.stop(fd, JdkEpoll.POLLIN);
        assertTrue(first.get(Duration.ofSeconds(10)));
    }

    @Test
    void aSocketClosedBeforeTheWaitBeginsIsNotWaitedFor() {
        Greenlet<Boolean> reader =
                Gevent.spawn(() -> poller.await(Gevent.getCurrent(), fd, JdkEpoll.POLLIN, 0, () -> false));
        assertTrue(reader.get(Duration.ofSeconds(10)));
        assertFalse(poller.hasWaiters());
    }

    @Test
    void onlyHubsHoldingADescriptorHearOfItAndAClosedOneIsForgotten() {
        List<HubPoller> told = new ArrayList<>();
        HubPoller.onHubsHolding(fd, told::add);
        assertEquals(List.of(), told);
        awaitInGreenlet(JdkEpoll.POLLIN, Duration.ofMillis(1)).get();
        HubPoller.onHubsHolding(fd, told::add);
        assertEquals(List.of(poller), told);
        poller.closed(fd);
        told.clear();
        HubPoller.onHubsHolding(fd, told::add);
        assertEquals(List.of(), told);
    }

    @Test
    void anotherThreadsWakeUpEndsAPollAtOnce() throws Exception {
        Thread waker = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            poller.wakeUp();
        });
        long start = System.nanoTime();
        waker.start();
        poller.poll(5_000);
        long took = System.nanoTime() - start;
        waker.join();
        assertTrue(took < Duration.ofSeconds(4).toNanos(), "poll ended after " + took / 1_000_000 + " ms");
    }
}
