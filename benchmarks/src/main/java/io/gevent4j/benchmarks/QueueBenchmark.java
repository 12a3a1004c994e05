package io.gevent4j.benchmarks;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.queue.Channel;
import io.gevent4j.queue.Queue;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Target: a queue put/get hand-off between two greenlets in at most 300 ns. A producer greenlet puts
 * {@value #ITEMS} items, a consumer greenlet gets them; reported per item. Both hand-offs below are
 * judged against the target: the batched one and the strict one.
 *
 * <ul>
 *   <li>{@link #putGetHandOff}: {@code new Queue<>(1)}, gevent's usual producer/consumer shape. The
 *       producer runs until the queue is full and parks; the consumer takes the item, which admits the
 *       parked putter's item, drains it and parks on the empty queue; so every item crosses between
 *       the two greenlets and each switch carries about one item (batched).</li>
 *   <li>{@link #channelRendezvous}: {@link Channel} (maxsize 0): each put waits until a getter takes it.</li>
 *   <li>{@link #handOffToParkedGetter}: unbounded queue, the producer yields ({@code sleep(0)}) after
 *       each put, so every item goes to a getter already parked on the empty queue and costs a wake-up
 *       and two switches: the strictest hand-off.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Jvm.OPENS)
public class QueueBenchmark {
    static final int ITEMS = 100_000;
    private static final Integer ITEM = 42;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long putGetHandOff() {
        return run(new Queue<>(1), false);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long channelRendezvous() {
        return run(new Channel<>(), false);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long handOffToParkedGetter() {
        return run(new Queue<>(), true);
    }

    private static long run(Queue<Integer> queue, boolean yieldAfterPut) {
        Greenlet<Void> producer = Gevent.spawn(() -> {
            for (int i = 0; i < ITEMS; i++) {
                queue.put(ITEM);
                if (yieldAfterPut) {
                    Gevent.sleep(0);
                }
            }
        });
        Greenlet<Long> consumer = Gevent.spawn(() -> {
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) {
                sum += queue.get();
            }
            return sum;
        });
        Gevent.joinAll(List.of(producer, consumer));
        return consumer.get();
    }
}
