package io.gevent4j.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baselines for {@link AsyncResultBenchmark}, no gevent4j involved, measured the same way: the
 * benchmark thread waits until the other side is asleep, completes a {@link CompletableFuture} it waits
 * on, and spins until it acknowledges.
 *
 * <ul>
 *   <li>{@code platform}: the waiter is a platform thread: the OS's own wake-up latency, the floor.</li>
 *   <li>{@code virtual}: the waiter is a virtual thread on the JDK's default scheduler.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class CrossThreadWakeBaseline {
    @Param({"platform", "virtual"})
    public String waiterKind;

    private volatile CompletableFuture<Integer> current;
    private volatile int acknowledged;
    private volatile boolean stop;
    private Thread waiterThread;
    private CompletableFuture<Integer> last;
    private int sequence;

    @Setup
    public void start() {
        Runnable loop = () -> {
            while (!stop) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                current = f;
                acknowledged = f.join();
            }
        };
        waiterThread = waiterKind.equals("platform")
                ? Thread.ofPlatform().daemon().name("baseline-waiter").start(loop)
                : Thread.ofVirtual().name("baseline-waiter").start(loop);
    }

    @TearDown
    public void stop() throws InterruptedException {
        stop = true;
        CompletableFuture<Integer> f = current;
        if (f != null) {
            f.complete(-1);
        }
        waiterThread.join(10_000);
    }

    @Benchmark
    public int completeFromOtherThread() {
        CompletableFuture<Integer> f;
        while ((f = current) == null || f == last || !asleep(waiterThread)) {
            Thread.onSpinWait();
        }
        last = f;
        int token = ++sequence;
        f.complete(token);
        while (acknowledged != token) {
            Thread.onSpinWait();
        }
        return token;
    }

    private static boolean asleep(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

}
