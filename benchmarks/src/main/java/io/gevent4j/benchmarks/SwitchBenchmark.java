package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.monitor.HubMonitor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Target: at most 200 ns per switch. Two greenlets of the benchmark thread's hub each call
 * {@code Gevent.sleep(0)} {@value #ROUNDS} times, so every call hands the thread to the other one
 * (greenlet → hub → greenlet), exactly what gevent_micro.py's {@code switch} measures: time / (2 × n).
 * Spawning and joining the pair is one part in 200,000 of each invocation.
 *
 * <p>Target: with {@code monitor=on} (the stall monitor watching every hub) at most 5% slower
 * than with {@code monitor=off}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Jvm.OPENS)
@State(Scope.Thread)
public class SwitchBenchmark {
    static final int ROUNDS = 100_000;

    @Param({"off", "on"})
    public String monitor;

    @Setup
    public void startMonitor() {
        if (monitor.equals("on")) {
            HubMonitor.start();
        }
    }

    @TearDown
    public void stopMonitor() {
        HubMonitor.stop();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void sleep0PingPong() {
        Greenlet<Void> a = Gevent.spawn(SwitchBenchmark::yieldRounds);
        Greenlet<Void> b = Gevent.spawn(SwitchBenchmark::yieldRounds);
        Gevent.joinAll(List.of(a, b));
    }

    private static void yieldRounds() {
        for (int i = 0; i < ROUNDS; i++) {
            Gevent.sleep(0);
        }
    }
}
