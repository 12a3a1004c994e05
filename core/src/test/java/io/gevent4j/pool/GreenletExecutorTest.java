package io.gevent4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Hub;
import io.gevent4j.event.AsyncResult;
import io.gevent4j.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GreenletExecutorTest {
    private final GreenletExecutor executor = Gevent.executor();

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the executor and its hub thread end");
    }

    /** The hub of the greenlet running this code, or null outside a greenlet. */
    private static Hub hubHere() {
        Greenlet<?> g = Gevent.getCurrent();
        return g == null ? null : g.hub();
    }

    @Test
    void tasksFromAnyThreadRunAsGreenletsOfItsHub() throws Exception {
        AsyncResult<Hub> fromTest = executor.submit(GreenletExecutorTest::hubHere);
        AsyncResult<Hub> fromOtherThread = new AsyncResult<>();
        Thread.ofPlatform()
                .start(() -> fromOtherThread.set(
                        executor.submit(GreenletExecutorTest::hubHere).get()))
                .join();
        assertSame(executor.hub(), fromTest.get());
        assertSame(executor.hub(), fromOtherThread.get());
        assertTrue(executor.hub().thread().getName().startsWith("gevent4j-executor-"));
    }

    @Test
    void tasksWaitingOnEachOthersFuturesYieldTheHub() {
        AsyncResult<String> later = new AsyncResult<>();
        AsyncResult<String> waiter = executor.submit(() -> "got " + later.get());
        executor.execute(() -> later.set("value")); // runs only because the waiter parked
        assertEquals("got value", waiter.get(Duration.ofSeconds(10)));
    }

    @Test
    void submitKeepsTheFailureAndExecuteReportsIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        AsyncResult<Object> failed = executor.submit(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, failed::get));
        assertEquals(Future.State.FAILED, failed.state());
        assertEquals("x", executor.submit(() -> {}, "x").get());
        assertEquals(null, executor.submit(() -> {}).get());
    }

    @Test
    void shutdownRejectsNewTasksAndLetsAcceptedOnesFinish() {
        Event release = new Event();
        AsyncResult<String> running = executor.submit(() -> {
            release.await();
            return "finished";
        });
        executor.shutdown();
        assertTrue(executor.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> {}));
        assertFalse(executor.awaitTermination(100, TimeUnit.MILLISECONDS));
        assertFalse(executor.isTerminated());
        release.set();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(executor.isTerminated());
        assertEquals("finished", running.get());
        assertFalse(executor.hub().thread().isAlive(), "the hub's own thread ended");
    }

    @Test
    void shutdownNowKillsRunningTasksAndReturnsThoseThatNeverStarted() throws Exception {
        Event started = new Event();
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AsyncResult<Object> sleeper = executor.submit(() -> {
            try {
                started.set();
                Gevent.sleep(Duration.ofHours(1));
                return "woke";
            } finally {
                cleanedUp.set(true);
            }
        });
        started.await(Duration.ofSeconds(10));
        // Hold the hub in one task while the others queue behind it, so they cannot have started.
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<List<Runnable>> returned = new CompletableFuture<>();
        List<Runnable> queued = new ArrayList<>();
        executor.execute(() -> {
            for (int i = 0; i < 3; i++) {
                Runnable r = ran::incrementAndGet;
                queued.add(r);
                executor.execute(r);
            }
            returned.complete(executor.shutdownNow());
        });
        List<Runnable> handedBack = returned.get(10, TimeUnit.SECONDS);
        assertEquals(Set.copyOf(queued), Set.copyOf(handedBack));
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, ran.get(), "tasks handed back never run");
        assertTrue(cleanedUp.get(), "the running task was killed and its finally ran");
        assertInstanceOf(CancellationException.class, sleeper.exception());
    }

    @Test
    void aFutureCancelledBeforeItsTaskStartedKeepsItFromRunning() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        executor.execute(() -> {
            AsyncResult<?> f = executor.submit(() -> ran.set(true));
            cancelled.complete(f.cancel(true));
        });
        assertTrue(cancelled.get(10, TimeUnit.SECONDS));
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertFalse(ran.get());
    }

    @Test
    void invokeAllWaitsForEveryTaskAndKeepsTheOrder() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            tasks.add(() -> {
                Gevent.sleep(10 - n); // finish in reverse order
                return n;
            });
        }
        List<Future<Integer>> futures = executor.invokeAll(tasks);
        for (int i = 0; i < 10; i++) {
            assertTrue(futures.get(i).isDone());
            assertEquals(i, futures.get(i).resultNow());
        }
    }

    @Test
    void invokeAllWithATimeoutCancelsAndKillsTheSlowTasks() {
        AtomicBoolean slowFinished = new AtomicBoolean();
        AtomicBoolean slowKilled = new AtomicBoolean();
        List<Future<String>> futures = executor.invokeAll(
                List.of(() -> "fast", () -> {
                    try {
                        Gevent.sleep(Duration.ofHours(1));
                        slowFinished.set(true);
                        return "slow";
                    } catch (GreenletExit e) {
                        slowKilled.set(true);
                        throw e;
                    }
                }),
                200,
                TimeUnit.MILLISECONDS);
        assertEquals("fast", futures.get(0).resultNow());
        assertTrue(futures.get(1).isCancelled());
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the slow task was killed");
        assertTrue(slowKilled.get());
        assertFalse(slowFinished.get());
    }

    @Test
    void invokeAnyReturnsTheFirstSuccessAndKillsTheRest() throws Exception {
        AtomicInteger killed = new AtomicInteger();
        Callable<String> slow = () -> {
            try {
                Gevent.sleep(Duration.ofHours(1));
                return "slow";
            } catch (GreenletExit e) {
                killed.incrementAndGet();
                throw e;
            }
        };
        Callable<String> fails = () -> {
            throw new IllegalStateException("no");
        };
        Callable<String> succeeds = () -> {
            Gevent.sleep(20);
            return "winner";
        };
        assertEquals("winner", executor.invokeAny(List.of(slow, fails, succeeds, slow)));
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(2, killed.get());
    }

    @Test
    void invokeAnyReportsFailureTimeoutAndBadInput() {
        IllegalStateException last = new IllegalStateException("second");
        ExecutionException all = assertThrows(
                ExecutionException.class,
                () -> executor.invokeAny(List.<Callable<String>>of(
                        () -> {
                            throw new IllegalStateException("first");
                        },
                        () -> {
                            Gevent.sleep(20);
                            throw last;
                        })));
        assertSame(last, all.getCause());
        assertThrows(
                TimeoutException.class,
                () -> executor.invokeAny(
                        List.<Callable<String>>of(() -> {
                            Gevent.sleep(Duration.ofHours(1));
                            return "never";
                        }),
                        100,
                        TimeUnit.MILLISECONDS));
        assertThrows(IllegalArgumentException.class, () -> executor.invokeAny(List.<Callable<String>>of()));
        assertThrows(NullPointerException.class, () -> executor.execute(null));
        assertThrows(NullPointerException.class, () -> executor.invokeAll(null));
    }

    @Test
    void aGivenHubRunsTheTasksWhileItsThreadWaits() {
        Hub mine = Hub.current();
        GreenletExecutor onMine = Gevent.executor(mine);
        AsyncResult<Hub> where = onMine.submit(GreenletExecutorTest::hubHere);
        assertSame(mine, where.get()); // this thread's wait runs its hub
        onMine.shutdown();
        assertTrue(onMine.awaitTermination(1, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> Gevent.executor(null));
    }

    @Test
    void completableFutureAsyncStagesRunAsGreenlets() {
        Set<Hub> hubs = ConcurrentHashMap.newKeySet();
        CompletableFuture<Integer> chain = CompletableFuture.supplyAsync(
                        () -> {
                            hubs.add(hubHere());
                            Gevent.sleep(10);
                            return 20;
                        },
                        executor)
                .thenApplyAsync(
                        n -> {
                            hubs.add(hubHere());
                            return n + 1;
                        },
                        executor)
                .thenCombineAsync(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    hubs.add(hubHere());
                                    return 2;
                                },
                                executor),
                        (a, b) -> a * b,
                        executor);
        assertEquals(42, chain.join());
        assertEquals(Set.of(executor.hub()), hubs);
        // A greenlet joining a CompletableFuture parks only itself: the stage it waits for runs meanwhile.
        CompletableFuture<String> gate = new CompletableFuture<>();
        AsyncResult<String> joiner = executor.submit(() -> gate.join() + " joined");
        CompletableFuture.runAsync(() -> gate.complete("gate"), executor);
        assertEquals("gate joined", joiner.get(Duration.ofSeconds(10)));
    }

    @Test
    void jdkHttpServerHandlesExchangesAsGreenlets() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        Set<Hub> hubs = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        server.createContext("/", exchange -> {
            hubs.add(hubHere());
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Gevent.sleep(300);
            concurrent.decrementAndGet();
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            java.net.URI uri = java.net.URI.create(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            List<CompletableFuture<java.net.http.HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                replies.add(client.sendAsync(
                        java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
            for (var reply : replies) {
                assertEquals("ok", reply.get(30, TimeUnit.SECONDS).body());
            }
        } finally {
            server.stop(0);
        }
        assertEquals(Set.of(executor.hub()), hubs);
        assertTrue(most.get() > 1, "handlers sleeping cooperatively overlap on the one hub: " + most.get());
        assertNotNull(executor.toString());
    }
}
