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
public class CrossThreadWakeBaseline extends CrossThreadHandOff<CompletableFuture<Integer>> {
    @Param({"platform", "virtual"})
    public String waiterKind;

    private Thread waiterThread;

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
        stopWaiter(waiterThread);
    }

    @Override
    boolean waiterAsleep() {
        return asleep(waiterThread);
    }

    @Override
    void complete(CompletableFuture<Integer> holder, int token) {
        holder.complete(token);
    }

    @Benchmark
    public int completeFromOtherThread() {
        return handOff();
    }
}
