package io.gevent4j.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Timeout;
import io.gevent4j.testkit.Foreign;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncResultTest {

    /** Seed: a setter sets after a while; the waiter's get unblocks and it prints "I live!". */
    @Test
    void seedSetterWakesTheWaiter() {
        AsyncResult<Void> a = new AsyncResult<>();
        List<String> out = new ArrayList<>();
        long start = System.nanoTime();
        Greenlet<Void> setter = Gevent.spawn(() -> {
            Gevent.sleep(300);
            out.add("set");
            a.set(null);
        });
        Greenlet<Void> waiter = Gevent.spawn(() -> {
            a.get();
            out.add("I live!");
        });
        Gevent.joinAll(List.of(setter, waiter));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of("set", "I live!"), out);
        assertTrue(waited >= 295, "waited " + waited + " ms");
    }

    @Test
    void getReturnsTheValueAndTheAccessorsAgree() {
        AsyncResult<String> r = new AsyncResult<>();
        assertFalse(r.isReady());
        assertFalse(r.isSuccessful());
        assertNull(r.value());
        assertNull(r.exception());
        Gevent.spawn(() -> r.set("v"));
        assertEquals("v", r.get());
        assertTrue(r.isReady());
        assertTrue(r.isSuccessful());
        assertEquals("v", r.value());
        assertNull(r.exception());
        assertEquals(Future.State.SUCCESS, r.state());
        assertEquals("v", r.resultNow());
        assertThrows(IllegalStateException.class, r::exceptionNow);
    }

    @Test
    void getRethrowsTheSameExceptionObjectEvenWhenChecked() {
        AsyncResult<String> r = new AsyncResult<>();
        IOException boom = new IOException("boom");
        Gevent.spawn(() -> r.setException(boom));
        IOException thrown = assertThrows(IOException.class, r::get);
        assertSame(boom, thrown);
        assertSame(boom, assertThrows(IOException.class, () -> r.get(Duration.ofSeconds(1))));
        assertSame(boom, assertThrows(IOException.class, () -> r.get(1, TimeUnit.SECONDS)));
        assertFalse(r.isSuccessful());
        assertSame(boom, r.exception());
        assertNull(r.value());
        assertEquals(Future.State.FAILED, r.state());
        assertSame(boom, r.exceptionNow());
        assertThrows(IllegalStateException.class, r::resultNow);
    }

    @Test
    void timedGetThrowsGeventTimeoutAndFutureTimeoutException() {
        AsyncResult<String> r = new AsyncResult<>();
        long waited = Foreign.millis(() -> assertThrows(Timeout.class, () -> r.get(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        assertThrows(TimeoutException.class, () -> r.get(30, TimeUnit.MILLISECONDS));
        assertThrows(TimeoutException.class, () -> r.get(-1, TimeUnit.MILLISECONDS));
        assertFalse(r.await(Duration.ofMillis(20)));
        assertEquals(Future.State.RUNNING, r.state());
        assertThrows(IllegalStateException.class, r::resultNow);
        Greenlet<Throwable> g = Gevent.spawn(() -> caught(() -> r.get(Duration.ofMillis(50))));
        assertInstanceOf(Timeout.class, g.get());
    }

    @Test
    void theFirstCompletionWins() {
        AsyncResult<String> r = new AsyncResult<>();
        assertTrue(r.set("first"));
        assertFalse(r.set("second"));
        assertFalse(r.setException(new IllegalStateException()));
        assertFalse(r.cancel(true));
        assertEquals("first", r.get());
        assertThrows(NullPointerException.class, () -> new AsyncResult<>().setException(null));
    }

    @Test
    void cancelCompletesWithCancellationException() {
        AsyncResult<String> r = new AsyncResult<>();
        Greenlet<Throwable> waiter = Gevent.spawn(() -> caught(r::get));
        Gevent.sleep(0);
        assertTrue(r.cancel(false));
        assertTrue(r.isCancelled());
        assertTrue(r.isDone());
        assertEquals(Future.State.CANCELLED, r.state());
        assertThrows(CancellationException.class, r::get);
        assertInstanceOf(CancellationException.class, waiter.get());
        assertThrows(IllegalStateException.class, r::exceptionNow);
    }

    @Test
    void everyWaiterGetsTheValue() {
        AsyncResult<Integer> r = new AsyncResult<>();
        List<Greenlet<Integer>> gs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            gs.add(Gevent.spawn(() -> r.get() + 1));
        }
        Gevent.sleep(0);
        r.set(41);
        for (Greenlet<Integer> g : gs) {
            assertEquals(42, g.get());
        }
    }

    @Test
    void anotherThreadsSetWakesAGreenletAndTheHubThread() throws Exception {
        AsyncResult<String> r = new AsyncResult<>();
        Greenlet<String> g = Gevent.spawn(() -> r.get(Duration.ofSeconds(20)));
        Foreign setter = Foreign.startAfter(Duration.ofMillis(50), "setter", () -> r.set("from afar"));
        assertEquals("from afar", r.get(Duration.ofSeconds(20)));
        assertEquals("from afar", g.get());
        setter.finish();
    }

    @Test
    void anotherThreadGetsWhatAGreenletSets() throws Exception {
        AsyncResult<String> r = new AsyncResult<>();
        AtomicReference<String> got = new AtomicReference<>();
        Foreign getter = Foreign.start("getter", () -> got.set(r.get(Duration.ofSeconds(20))));
        Gevent.spawn(() -> {
                    Gevent.sleep(50);
                    r.set("hello");
                })
                .join();
        getter.finish();
        assertEquals("hello", got.get());
    }

    @Test
    void worksAsAPlainFuture() throws Exception {
        AsyncResult<Integer> r = new AsyncResult<>();
        Future<Integer> f = r;
        Gevent.spawn(() -> r.set(7));
        assertEquals(7, f.get(10, TimeUnit.SECONDS));
        assertEquals(7, f.get());
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
    }

    /** What {@code call} throws (null if nothing), so a greenlet can report it as its value. */
    static Throwable caught(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
