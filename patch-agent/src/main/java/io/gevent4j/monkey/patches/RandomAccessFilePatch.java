package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.threadpool.ThreadPool;

/**
 * {@code RandomAccessFile} reads (patch "io"): as {@link FileInputStreamPatch}, each public
 * {@code read} of a greenlet runs on the hub's {@link ThreadPool} while the greenlet parks;
 * {@code readFully}, {@code readInt}, {@code readLine} and the other {@code DataInput} methods loop
 * over these. A read by a thread that holds the file's monitor runs inline: that is how
 * {@code java.util.zip.ZipFile} reads jars, so class loading inside a greenlet is not offloaded.
 */
public final class RandomAccessFilePatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public RandomAccessFilePatch() {}

    @Override
    public String name() {
        return "io";
    }

    @Override
    public void declare(Patching patching) {
        FileInputStreamPatch.offloadReads(patching, "java.io.RandomAccessFile");
    }
}
