package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.ThrowingRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Target: at most 2 µs per greenlet. Spawns a batch of {@value #BATCH} empty greenlets on the
 * benchmark thread's hub and waits for all of them, as gevent_micro.py's {@code spawn} does with
 * {@code joinall([spawn(lambda: None) ...])}. Reported per greenlet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Jvm.OPENS)
public class SpawnJoinBenchmark {
    static final int BATCH = 10_000;
    private static final ThrowingRunnable NOTHING = () -> {};

    /** {@code Gevent.joinAll} over the batch: the figure compared with gevent's {@code joinall}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Greenlet<Void>> spawnJoinAll() {
        List<Greenlet<Void>> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(Gevent.spawn(NOTHING));
        }
        return Gevent.joinAll(batch);
    }

    /** The same batch joined one by one with {@code Greenlet.join()}: isolates what joinAll adds. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Greenlet<Void> spawnJoinEach() {
        Greenlet<Void>[] batch = newArray();
        for (int i = 0; i < BATCH; i++) {
            batch[i] = Gevent.spawn(NOTHING);
        }
        for (Greenlet<Void> g : batch) {
            g.join();
        }
        return batch[BATCH - 1];
    }

    @SuppressWarnings("unchecked")
    private static Greenlet<Void>[] newArray() {
        return (Greenlet<Void>[]) new Greenlet<?>[BATCH];
    }
}
