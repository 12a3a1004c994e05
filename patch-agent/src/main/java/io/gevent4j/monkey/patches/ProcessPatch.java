package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.threadpool.ThreadPool;

/**
 * Processes (patch "process").
 * <ul>
 *   <li>{@code ProcessBuilder.start()} (and so {@code Runtime.exec}): starting a process is a native
 *   fork and exec that holds the calling thread for a millisecond or more (much more on a loaded
 *   machine); a hundred greenlets starting processes held their hub for 130 ms at once. In a greenlet
 *   (or on a hub's thread) it runs on the hub's {@link ThreadPool} while the caller parks; the pool
 *   thread calls the same method, where the patch stands aside, so the {@code Process} and every
 *   {@code IOException} are the JDK's own.</li>
 *   <li>{@code Process.waitFor()}: on JDK 25 the Unix {@code ProcessImpl} waits on a
 *   {@code ReentrantLock} condition signalled by the JDK's reaper thread, so a greenlet already parks
 *   (unmounts) there and its hub runs on; nothing to weave. (On JDK 21–23 it waits in
 *   {@code Object.wait}, which pins there: reasoned from JEP 491, not measured; see docs/AGENT.md, limits.)</li>
 *   <li>The process's stdout / stderr / stdin are {@code FileInputStream}s / {@code FileOutputStream}s
 *   on pipes: their reads are offloaded as {@link FileInputStreamPatch} offloads them (woven once,
 *   whichever of "io" and "process" comes first).</li>
 * </ul>
 */
public final class ProcessPatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public ProcessPatch() {}

    @Override
    public String name() {
        return "process";
    }

    @Override
    public void declare(Patching patching) {
        FileInputStreamPatch.offloadReads(patching, "java.io.FileInputStream");
        FileInputStreamPatch.keepClassLoadingInline(patching);
        patching.method("java.lang.ProcessBuilder", "start").offload();
    }
}
