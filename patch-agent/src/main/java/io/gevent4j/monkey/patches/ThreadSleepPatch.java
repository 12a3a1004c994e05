package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.Cooperative;
import io.gevent4j.monkey.bridge.Bridge;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code Thread.sleep} (patch "time"): in a greenlet, or on a hub's own platform thread, every public
 * overload sleeps on the hub's timer through {@link Cooperative#sleepNanos}; on a hub's thread the hub
 * runs meanwhile, so {@code spawn(task); Thread.sleep(2000)} runs {@code task} (gevent's patched
 * {@code time.sleep}). Argument checks and exceptions are the JDK's own. Anywhere else the JDK's code
 * runs untouched.
 *
 * <p>The advice wraps the public static overloads ({@code sleep(long)}, {@code sleep(long, int)},
 * {@code sleep(Duration)}): the private method they funnel into differs between JDK 21 and 22+.
 */
public final class ThreadSleepPatch implements Patch {
    static final int MILLIS = 0;
    static final int MILLIS_NANOS = 1;
    static final int DURATION = 2;

    @Override
    public void install(Instrumentation inst) {
        Patch.transform(inst, "java.lang.Thread", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(SleepMillis.class).on(isPublic().and(isStatic()).and(named("sleep"))
                        .and(takesArguments(long.class))))
                .visit(Advice.to(SleepMillisNanos.class).on(isPublic().and(isStatic()).and(named("sleep"))
                        .and(takesArguments(long.class, int.class))))
                .visit(Advice.to(SleepDuration.class).on(isPublic().and(isStatic()).and(named("sleep"))
                        .and(takesArguments(Duration.class))))));
    }

    // ---- advice: inlined into java.lang.Thread, so it may only use the bootstrap bridge --------------

    static final class SleepMillis {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long millis) {
            return Bridge.applies()
                    && Bridge.call(Bridge.SLEEP_NANOS, new Object[] {MILLIS, millis, 0}) != Bridge.NOT_HANDLED;
        }
    }

    static final class SleepMillisNanos {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long millis, @Advice.Argument(1) int nanos) {
            return Bridge.applies()
                    && Bridge.call(Bridge.SLEEP_NANOS, new Object[] {MILLIS_NANOS, millis, nanos}) != Bridge.NOT_HANDLED;
        }
    }

    static final class SleepDuration {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) Duration duration) {
            return Bridge.applies()
                    && Bridge.call(Bridge.SLEEP_NANOS, new Object[] {DURATION, duration, 0}) != Bridge.NOT_HANDLED;
        }
    }

    // ---- target: the hub-aware sleep, reached through Bridge.call ------------------------------------

    /** {@code args}: variant, millis or Duration, nanos. Checks exactly as the JDK 25 overloads do. */
    public static Object sleep(Object[] args) {
        long nanos;
        switch ((Integer) args[0]) {
            case MILLIS -> {
                long millis = (Long) args[1];
                if (millis < 0) {
                    throw new IllegalArgumentException("timeout value is negative");
                }
                nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            }
            case MILLIS_NANOS -> {
                long millis = (Long) args[1];
                int extra = (Integer) args[2];
                if (millis < 0) {
                    throw new IllegalArgumentException("timeout value is negative");
                }
                if (extra < 0 || extra > 999999) {
                    throw new IllegalArgumentException("nanosecond timeout value out of range");
                }
                nanos = TimeUnit.MILLISECONDS.toNanos(millis);
                nanos += Math.min(Long.MAX_VALUE - nanos, extra);
            }
            default -> {
                nanos = TimeUnit.NANOSECONDS.convert((Duration) args[1]); // NullPointerException as the JDK
                if (nanos < 0) {
                    return null;
                }
            }
        }
        ConvertedThread converted = ConvertedThread.beginTimedWait(); // its getState() reads TIMED_WAITING meanwhile
        try {
            Cooperative.sleepNanos(nanos);
        } catch (InterruptedException e) {
            throw Sneaky.<RuntimeException>rethrow(new InterruptedException("sleep interrupted")); // the JDK's words
        } finally {
            ConvertedThread.endTimedWait(converted);
        }
        return null;
    }
}
