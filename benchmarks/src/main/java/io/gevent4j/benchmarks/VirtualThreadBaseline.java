package io.gevent4j.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Baselines for {@link SwitchBenchmark}, no gevent4j involved: two plain virtual threads ping-ponging
 * with {@code Thread.yield()}.
 *
 * <ul>
 *   <li>{@link #jdkSchedulerYield}: on the JDK's own ForkJoinPool scheduler, held to one carrier
 *       ({@code jdk.virtualThreadScheduler.parallelism=1}) so the two really alternate.</li>
 *   <li>{@link #oneThreadExecutorYield}: on the floor gevent4j builds on, the same package-private
 *       {@code VirtualThreadBuilder(Executor)} hook with a bare {@code ArrayDeque} run by the benchmark
 *       thread. The gap between this and {@code SwitchBenchmark} is what gevent4j itself adds.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VirtualThreadBaseline {
    static final int ROUNDS = SwitchBenchmark.ROUNDS;

    /** Loaded only by the fork that opens java.lang; the JDK-scheduler fork never touches it. */
    private static final class Hook {
        static final MethodHandle NEW_BUILDER;

        static {
            try {
                Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                NEW_BUILDER = MethodHandles.privateLookupIn(builderClass, MethodHandles.lookup())
                        .findConstructor(builderClass, MethodType.methodType(void.class, Executor.class))
                        .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"
            })
    public void jdkSchedulerYield() throws InterruptedException {
        Thread a = Thread.ofVirtual().start(VirtualThreadBaseline::yieldRounds);
        Thread b = Thread.ofVirtual().start(VirtualThreadBaseline::yieldRounds);
        a.join();
        b.join();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    @Fork(value = 1, jvmArgsAppend = Jvm.OPENS)
    public void oneThreadExecutorYield() throws Throwable {
        // Every submission comes from this thread: the starts below, and each yield's resubmit,
        // which the JDK makes on the carrier (this thread) after the continuation unmounts.
        ArrayDeque<Runnable> ready = new ArrayDeque<>();
        Executor executor = ready::addLast;
        Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) Hook.NEW_BUILDER.invokeExact(executor);
        builder.start(VirtualThreadBaseline::yieldRounds);
        builder.start(VirtualThreadBaseline::yieldRounds);
        Runnable task;
        while ((task = ready.pollFirst()) != null) {
            task.run();
        }
    }

    private static void yieldRounds() {
        for (int i = 0; i < ROUNDS; i++) {
            Thread.yield();
        }
    }
}
