package io.gevent4j.monkey.patches;

import io.gevent4j.threadpool.ThreadPool;
import java.io.RandomAccessFile;
import java.lang.instrument.Instrumentation;

/**
 * {@code RandomAccessFile} reads (patch "io"): as {@link FileInputStreamPatch}, each public
 * {@code read} of a greenlet runs on the hub's {@link ThreadPool} while the greenlet parks;
 * {@code readFully}, {@code readInt}, {@code readLine} and the other {@code DataInput} methods loop
 * over these. A read by a thread that holds the file's monitor runs inline: that is how
 * {@code java.util.zip.ZipFile} reads jars, so class loading inside a greenlet is not offloaded.
 */
public final class RandomAccessFilePatch implements Patch {
    @Override
    public void install(Instrumentation inst) {
        BlockingReads.weave(inst, "java.io.RandomAccessFile");
    }

    // ---- target ------------------------------------------------------------------------------------

    /** {@code args}: variant, stream, buffer, offset, length. Returns the boxed read result. */
    public static Object read(Object[] args) {
        RandomAccessFile in = (RandomAccessFile) args[1];
        return BlockingReads.offload("RandomAccessFile.read", args, (variant, b, off, len) -> switch (variant) {
            case BlockingReads.READ_BYTE -> in.read();
            case BlockingReads.READ_ARRAY -> in.read(b);
            default -> in.read(b, off, len);
        });
    }
}
