package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.threadpool.ThreadPool;

/**
 * {@code FileInputStream} reads (patch "io"; process streams too, which are {@code FileInputStream}s
 * underneath): the JDK reads files, FIFOs, pipes and {@code System.in} in a native call that pins the
 * carrier, so in a greenlet each {@code read} runs on the hub's {@link ThreadPool} while the greenlet
 * parks (gevent's {@code FileObjectThread}). The pool thread calls the very same {@code read}, where
 * the patch stands aside, so results, partial reads, EOF and exceptions are the JDK's own.
 *
 * <p>Not offloaded: zero-length reads (they return 0 at once), and a read by a thread holding the
 * stream's monitor (code that serialises on the stream; the wait would hold the lock).
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
