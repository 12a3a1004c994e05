package io.gevent4j.monkey.patches;

import io.gevent4j.threadpool.ThreadPool;
import java.io.FileInputStream;
import java.lang.instrument.Instrumentation;

/**
 * {@code FileInputStream} reads (patch "io"; process streams too, which are {@code FileInputStream}s
 * underneath): the JDK reads files, FIFOs, pipes and {@code System.in} in a native call that pins the
 * carrier, so in a greenlet each {@code read} runs on the hub's {@link ThreadPool} while the greenlet
 * parks (gevent's {@code FileObjectThread}). The pool thread calls the very same {@code read}, where
 * the advice stands aside, so results, partial reads, EOF and exceptions are the JDK's own.
 *
 * <p>Not offloaded: zero-length reads (they return 0 at once), and a read by a thread holding the
 * stream's monitor (code that serialises on the stream; the wait would hold the lock).
 * {@code readAllBytes}, {@code readNBytes} and {@code transferTo} loop over the patched reads.
 */
public final class FileInputStreamPatch implements Patch {
    /** Patches "io" and "process" both need this one; weave it once. */
    private static boolean installed;

    @Override
    public void install(Instrumentation inst) {
        synchronized (FileInputStreamPatch.class) {
            if (installed) {
                return;
            }
            installed = true;
        }
        BlockingReads.weave(inst, "java.io.FileInputStream");
    }

    // ---- target ------------------------------------------------------------------------------------

    /** {@code args}: variant, stream, buffer, offset, length. Returns the boxed read result. */
    public static Object read(Object[] args) {
        FileInputStream in = (FileInputStream) args[1];
        return BlockingReads.offload("FileInputStream.read", args, (variant, b, off, len) -> switch (variant) {
            case BlockingReads.READ_BYTE -> in.read();
            case BlockingReads.READ_ARRAY -> in.read(b);
            default -> in.read(b, off, len);
        });
    }
}
