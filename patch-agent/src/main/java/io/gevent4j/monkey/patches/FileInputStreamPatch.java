package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.threadpool.ThreadPool;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.asm.Advice;

/**
 * {@code FileInputStream} reads (patch "io"; process streams too, which are {@code FileInputStream}s
 * underneath): the JDK reads files, FIFOs, pipes and {@code System.in} in a native call that pins the
 * carrier, so in a greenlet each {@code read} runs on the hub's {@link ThreadPool} while the greenlet
 * parks (gevent's {@code FileObjectThread}). The pool thread calls the very same {@code read}, where
 * the patch stands aside, so results, partial reads, EOF and exceptions are the JDK's own.
 *
 * <p>Not offloaded: zero-length reads (they return 0 at once), a read by a thread holding the
 * stream's monitor (code that serialises on the stream; the wait would hold the lock), and a read made
 * by a greenlet loading a class (pinned: {@link #keepClassLoadingInline}).
 * {@code readAllBytes}, {@code readNBytes} and {@code transferTo} loop over the patched reads.
 */
public final class FileInputStreamPatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public FileInputStreamPatch() {}

    @Override
    public String name() {
        return "io";
    }

    @Override
    public void declare(Patching patching) {
        offloadReads(patching, "java.io.FileInputStream");
        keepClassLoadingInline(patching);
    }

    /** Whether {@link #keepClassLoadingInline} has declared its advice (patches "io" and "process" both ask). */
    private static final AtomicBoolean CLASS_LOADS_COUNTED = new AtomicBoolean();

    /**
     * Counts the class loads a virtual thread is in ({@code ClassLoader.loadClass(String)}, the VM's
     * way in, and {@code loadClass(String, boolean)}), so that an offloaded read made meanwhile, a class
     * file read from a class-path directory, runs inline: the greenlet is pinned there (native frames),
     * and a hand-off would only add its latency to the hub's stall. Declared once.
     */
    static void keepClassLoadingInline(Patching patching) {
        if (CLASS_LOADS_COUNTED.compareAndSet(false, true)) {
            patching.method("java.lang.ClassLoader", "loadClass", String.class).advise(ClassLoads.class);
            patching.method("java.lang.ClassLoader", "loadClass", String.class, boolean.class)
                    .advise(ClassLoads.class);
        }
    }

    /**
     * Inlined in {@code ClassLoader}: the current virtual thread's class-load depth, kept in the bootstrap
     * bridge ({@link Bridge#CLASS_LOADING}), the only gevent4j class {@code ClassLoader} can see. Nothing
     * on platform threads.
     */
    static final class ClassLoads {
        private ClassLoads() {}

        @Advice.OnMethodEnter
        static int[] enter() {
            if (!Thread.currentThread().isVirtual()) {
                return null;
            }
            int[] depth = Bridge.CLASS_LOADING.get();
            if (depth == null) {
                depth = new int[1];
                Bridge.CLASS_LOADING.set(depth);
            }
            depth[0]++;
            return depth;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter int[] depth) {
            if (depth != null) {
                depth[0]--;
            }
        }
    }

    /**
     * Offloads {@code type}'s public {@code read()}, {@code read(byte[])} and {@code read(byte[], int, int)}
     * ({@code FileInputStream}'s, also for patch "process", and {@code RandomAccessFile}'s).
     */
    static void offloadReads(Patching patching, String type) {
        patching.method(type, "read").offload();
        patching.method(type, "read", byte[].class).offload().unless(FileInputStreamPatch.class, "nothingToRead");
        patching.method(type, "read", byte[].class, int.class, int.class)
                .offload()
                .unless(FileInputStreamPatch.class, "nothingToRead");
    }

    // ---- kept inline: reads that return at once -------------------------------------------------------

    static boolean nothingToRead(Object stream, byte[] b) {
        return b != null && b.length == 0;
    }

    static boolean nothingToRead(Object stream, byte[] b, int off, int len) {
        return len == 0;
    }
}
