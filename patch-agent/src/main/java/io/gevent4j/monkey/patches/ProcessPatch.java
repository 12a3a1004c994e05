package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.asm.Advice;

/**
 * Processes (patch "process").
 * <ul>
 *   <li>{@code ProcessBuilder.start()} (and so {@code Runtime.exec}): starting a process is a native
 *   fork and exec that holds the calling thread for a millisecond or more (much more on a loaded
 *   machine); a hundred greenlets starting processes held their hub for 130 ms at once. In a greenlet
 *   (or on a hub's thread) it runs on the hub's {@link ThreadPool} while the caller parks; the pool
 *   thread calls the same method, where the advice stands aside, so the {@code Process} and every
 *   {@code IOException} are the JDK's own.</li>
 *   <li>{@code Process.waitFor()}: on JDK 25 the Unix {@code ProcessImpl} waits on a
 *   {@code ReentrantLock} condition signalled by the JDK's reaper thread, so a greenlet already parks
 *   (unmounts) there and its hub runs on; nothing to weave. (On JDK 21–23 it waits in
 *   {@code Object.wait}, which pins there: reasoned from JEP 491, not measured; see docs/AGENT.md, limits.)</li>
 *   <li>The process's stdout / stderr / stdin are {@code FileInputStream}s / {@code FileOutputStream}s
 *   on pipes: their reads are offloaded by {@link FileInputStreamPatch}, which this patch installs
 *   (woven once, whichever of "io" and "process" comes first).</li>
 * </ul>
 */
public final class ProcessPatch implements Patch {
    @Override
    public void install(Instrumentation inst) {
        new FileInputStreamPatch().install(inst);
        Patch.transform(inst, "java.lang.ProcessBuilder", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(Start.class, Patch.Handled.class).on(isPublic().and(named("start")).and(takesArguments(0))))));
    }

    // ---- advice (inlined into java.lang.ProcessBuilder) ----------------------------------------------

    static final class Start {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (!Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.PROCESS_START, new Object[] {self});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    // ---- target ------------------------------------------------------------------------------------

    /** {@code args}: the {@code ProcessBuilder}. Its {@code start()} runs on a pool thread. */
    public static Object start(Object[] args) {
        ProcessBuilder builder = (ProcessBuilder) args[0];
        return ThreadPool.current().apply("ProcessBuilder.start", builder::start);
    }
}
