package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.testkit.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HubTest {

    @Test
    void greenletsNeverRunInParallelAndAllRunOnTheHubsThread() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Thread hubThread = Thread.currentThread();
        AtomicInteger wrongCarrier = new AtomicInteger();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            gs.add(Gevent.spawn(() -> {
                for (int round = 0; round < 5; round++) {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    if (!carrierName().equals(hubThread.getName())) {
                        wrongCarrier.incrementAndGet();
                    }
                    busy();
                    inside.decrementAndGet();
                    Gevent.sleep(round % 2);
                }
            }));
        }
        Gevent.joinAll(gs);
        assertEquals(1, maxInside.get());
        assertEquals(0, wrongCarrier.get());
    }

    /** A virtual thread's toString names its carrier: "VirtualThread[#id]/runnable@main". */
    private static String carrierName() {
        String s = Thread.currentThread().toString();
        return s.substring(s.indexOf('@') + 1);
    }

    private static void busy() {
        long until = System.nanoTime() + 10_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void manySleepersSleepAtTheSameTime() {
        long start = System.nanoTime();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            gs.add(Gevent.spawn(() -> Gevent.sleep(200)));
        }
        Gevent.joinAll(gs);
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(195).toNanos(), "took " + took);
        assertTrue(took < Duration.ofMillis(400).toNanos(), "1,000 sleeps of 200 ms took " + took / 1_000_000 + " ms");
    }

    @Test
    void timersFireInDeadlineOrder() {
        List<Integer> out = new ArrayList<>();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (int ms : new int[] {50, 10, 30, 20, 40}) {
            gs.add(Gevent.spawn(() -> {
                Gevent.sleep(ms);
                out.add(ms);
            }));
        }
        Gevent.joinAll(gs);
        assertEquals(List.of(10, 20, 30, 40, 50), out);
    }

    @Test
    void sleepZeroOnTheHubThreadRunsWhatIsReadyOnceAndComesBack() {
        List<String> out = new ArrayList<>();
        Greenlet<Void> g = Gevent.spawn(() -> {
            out.add("first");
            Gevent.sleep(0);
            out.add("second");
        });
        Gevent.sleep(0);
        assertEquals(List.of("first"), out);
        Gevent.sleep(0);
        assertEquals(List.of("first", "second"), out);
        assertTrue(g.isDead());
    }

    // The next three run in a fresh JVM (LoopExitProgram): they are about what an idle hub concludes from
    // the other threads alive, and JUnit keeps non-daemon threads of its own alive in this one.

    @Test
    void aGreenletWaitingForeverOnNothingIsALoopExit() throws Exception {
        String output =
                runJava(List.of(VirtualThreads.OPENS_FLAG.split(" ")), LoopExitProgram.class, "waitingOnNothing");
        assertTrue(output.contains("loopExit=") && output.contains("block forever"), output);
        assertTrue(output.contains("dead=true"), output);
    }

    @Test
    void anotherThreadWakingAHubWaiterIsNoLoopExit() throws Exception {
        String output = runJava(List.of(VirtualThreads.OPENS_FLAG.split(" ")), LoopExitProgram.class, "nonDaemonWaker");
        assertTrue(output.contains("result=woken"), output);
    }

    @Test
    void keepAliveHoldsAnIdleHubOpenForADaemonWaker() throws Exception {
        String output =
                runJava(List.of(VirtualThreads.OPENS_FLAG.split(" ")), LoopExitProgram.class, "keepAliveDaemonWaker");
        assertTrue(output.contains("result=woken"), output);
    }

    @Test
    void crossThreadWakeUpsAreNeverLost() throws Exception {
        int rounds = 20_000;
        AtomicReference<Waiter> slot = new AtomicReference<>();
        Greenlet<Integer> consumer = Gevent.spawn(() -> {
            int n = 0;
            for (int i = 0; i < rounds; i++) {
                Waiter w = new Waiter();
                slot.set(w);
                w.await();
                n++;
            }
            return n;
        });
        Thread producer = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                Waiter w;
                while ((w = slot.getAndSet(null)) == null) {
                    Thread.onSpinWait();
                }
                w.wake();
            }
        });
        producer.start();
        assertEquals(rounds, consumer.get());
        producer.join();
    }

    @Test
    void aPlatformThreadWithoutGreenletsWaitsForAnotherThreadsWakeUp() throws Exception {
        AtomicReference<Waiter> waiter = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        Thread sleeper = new Thread(() -> {
            Waiter w = new Waiter();
            waiter.set(w);
            ready.countDown();
            result.set(w.awaitUntil(System.nanoTime() + Duration.ofSeconds(20).toNanos()) ? "woken" : "timed out");
        });
        sleeper.start();
        ready.await();
        Thread.sleep(50);
        waiter.get().wake();
        sleeper.join();
        assertEquals("woken", result.get());
    }

    @Test
    void anInterruptOfTheHubThreadSurvivesRunningGreenlets() {
        Gevent.spawn(() -> Gevent.sleep(1));
        Thread.currentThread().interrupt();
        Gevent.sleep(20);
        assertTrue(Thread.interrupted(), "the hub thread's interrupt status was kept");
    }

    @Test
    void hubsAreOnePerThread() throws Exception {
        Hub mine = Hub.current();
        assertSame(mine, Hub.current());
        assertSame(Thread.currentThread(), mine.thread());
        AtomicReference<Hub> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(Hub.current()));
        t.start();
        t.join();
        assertFalse(other.get() == mine);
        assertSame(mine, Gevent.spawn(Hub::current).get());
    }

    @Test
    void anotherThreadCanSpawnOntoAHubAndPostCallbacks() throws Exception {
        Hub hub = Hub.current();
        List<String> out = new ArrayList<>();
        AtomicReference<Greenlet<String>> spawned = new AtomicReference<>();
        Thread t = new Thread(() -> {
            spawned.set(hub.spawn(() -> Thread.currentThread().isVirtual() ? "greenlet" : "?"));
            hub.post(() -> out.add("callback on " + Thread.currentThread().getName()));
        });
        t.start();
        t.join();
        assertEquals("greenlet", spawned.get().get());
        Gevent.sleep(10);
        assertEquals(List.of("callback on " + Thread.currentThread().getName()), out);
    }

    static final class SleepsInItsInitialiser {
        static final long SLEPT_NANOS;

        static {
            long start = System.nanoTime();
            Gevent.sleep(100); // pinned: a class initialiser cannot unmount
            SLEPT_NANOS = System.nanoTime() - start;
        }
    }

    @Test
    void aTimedWaitOfAPinnedGreenletStillEnds() throws Exception {
        // Its park holds the hub's thread, so no hub timer can end it: the pinned-wait watchdog, which
        // looks every PERIOD_MILLIS (10 ms), ends it; the promise is an overshoot of about one period.
        AtomicReference<Long> slept = new AtomicReference<>();
        Thread t = new Thread(() -> slept.set(Gevent.run(() -> SleepsInItsInitialiser.SLEPT_NANOS)));
        t.start();
        t.join(Duration.ofSeconds(20));
        assertFalse(t.isAlive(), "a sleep inside <clinit> hung the hub");
        long sleptMs = slept.get() / 1_000_000;
        assertTrue(slept.get() >= Duration.ofMillis(95).toNanos(), "slept " + sleptMs + " ms of 100");
        // Under 2·L (200 ms): an overshoot of up to ten watchdog periods leaves room for a loaded 2-core
        // machine, where the watchdog's thread and then the hub's each wait for a CPU, and still fails a
        // watchdog far slower than it promises (one that never comes fails the 20 s join above).
        assertTrue(
                slept.get() < Duration.ofMillis(200).toNanos(),
                "a 100 ms sleep pinned to the hub's thread took " + sleptMs + " ms; the watchdog promises about "
                        + PinnedWaitWatchdog.PERIOD.toMillis() + " ms more");
    }

    @Test
    void withoutTheOpensFlagSpawnFailsNamingIt() throws Exception {
        String output = runJava(List.of(), MissingOpensProgram.class);
        assertTrue(output.contains("refused: ") && output.contains(VirtualThreads.OPENS_FLAG), output);
    }

    private static String runJava(List<String> jvmArgs, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ChildJvm.Result r = ChildJvm.run(command, Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }

    @ParameterizedTest(name = "poller mode {0}")
    @ValueSource(strings = {"default", "1", "2"})
    void socketPollersAreNotStrandedOnAHub(String pollerMode) throws Exception {
        // The first socket wait of a fresh JVM happens in a greenlet; then the hub stops running, and a
        // virtual thread on the JDK's scheduler must still complete socket I/O. Mode 2 (virtual-thread
        // pollers, the JDK 25 default that gevent4j replaces unless asked for) is the trap itself.
        List<String> jvmArgs = new ArrayList<>(List.of(VirtualThreads.OPENS_FLAG.split(" ")));
        if (!pollerMode.equals("default")) {
            jvmArgs.add("-D" + VirtualThreads.POLLER_MODE + "=" + pollerMode);
        }
        String output = runJava(jvmArgs, PollerTrapProgram.class);
        assertTrue(output.contains("pollers ok"), output);
    }
}
