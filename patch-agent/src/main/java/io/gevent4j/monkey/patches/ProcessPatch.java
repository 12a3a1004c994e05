package io.gevent4j.monkey.patches;

import java.lang.instrument.Instrumentation;

/**
 * Processes (patch "process").
 * <ul>
 *   <li>{@code Process.waitFor()}: on JDK 25 the Unix {@code ProcessImpl} waits on a
 *   {@code ReentrantLock} condition signalled by the JDK's reaper thread, so a greenlet already parks
 *   (unmounts) there and its hub runs on; nothing to weave. (On JDK 21–23 it waits in
 *   {@code Object.wait}, which pins; see docs/AGENT.md, limits.)</li>
 *   <li>The process's stdout / stderr / stdin are {@code FileInputStream}s / {@code FileOutputStream}s
 *   on pipes: their reads are offloaded by {@link FileInputStreamPatch}, which this patch installs
 *   (woven once, whichever of "io" and "process" comes first).</li>
 * </ul>
 */
public final class ProcessPatch implements Patch {
    @Override
    public void install(Instrumentation inst) {
        new FileInputStreamPatch().install(inst);
    }
}
