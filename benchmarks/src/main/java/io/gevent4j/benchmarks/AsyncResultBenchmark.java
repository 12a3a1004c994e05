package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.event.AsyncResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Target: {@code AsyncResult.set} from another thread wakes a waiting greenlet within 20 µs.
 *
 * <p>A platform thread of its own runs a hub with one greenlet that, over and over, publishes a fresh
 * {@link AsyncResult} and waits in {@code get()}. The benchmark thread (a foreign thread: not the hub's)
 * waits until that greenlet is parked and the hub's thread itself is asleep, calls {@code set}, and
 * spins until the greenlet reports it has returned from {@code get()}. One operation is that whole
 * cycle, so the score is an upper bound on set-to-wake latency: it also holds the hub thread's OS
 * wake-up, the greenlet's mount, and the bookkeeping to notice both sides are parked again.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Jvm.OPENS)
@State(Scope.Benchmark)
public class AsyncResultBenchmark extends CrossThreadHandOff<AsyncResult<Integer>> {
    private volatile Greenlet<Void> waiter;
    private Thread hubThread;

    @Setup(Level.Trial)
    public void startHub() throws InterruptedException {
        hubThread = Thread.ofPlatform().name("benchmark-hub").daemon().start(() -> {
            Hub hub = Gevent.getHub();
            Hub.KeepAlive alive = hub.keepAlive(); // only this foreign thread will wake it
            try {
                waiter = Gevent.spawn(() -> {
                    while (!stop) {
                        AsyncResult<Integer> r = new AsyncResult<>();
                        current = r;
                        acknowledged = r.get();
                    }
                });
                waiter.join();
            } finally {
                alive.close();
            }
        });
        while (waiter == null) {
            Thread.sleep(1);
        }
    }

    @TearDown(Level.Trial)
    public void stopHub() throws InterruptedException {
        stopWaiter(hubThread);
    }

    /** The greenlet is parked in {@code get()} and the hub's thread itself is asleep. */
    @Override
    boolean waiterAsleep() {
        return asleep(waiter.thread()) && asleep(hubThread);
    }

    @Override
    void complete(AsyncResult<Integer> holder, int token) {
        holder.set(token);
    }

    @Benchmark
    public int crossThreadSet() {
        return handOff();
    }
}
