package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.asm.Advice;

/**
 * The advice and the offloading target shared by {@link FileInputStreamPatch} and
 * {@link RandomAccessFilePatch}: both classes have the same three public {@code read} methods, and a
 * read of either is handed to the hub's {@link ThreadPool} in the same way.
 */
final class BlockingReads {
    static final int READ_BYTE = 0;
    static final int READ_ARRAY = 1;
    static final int READ_RANGE = 2;

    private BlockingReads() {}

    /** The three reads of one stream, by variant; the pool thread calls them with the advice standing aside. */
    @FunctionalInterface
    interface Reader {
        int read(int variant, byte[] b, int off, int len) throws IOException;
    }

    /** Weaves the read advice into {@code typeName}'s public {@code read()}, {@code read(byte[])} and {@code read(byte[], int, int)}. */
    static void weave(Instrumentation inst, String typeName) {
        Patch.transform(inst, typeName, Patch.transformer((builder, type) -> builder
                .visit(Advice.to(ReadByte.class).on(isPublic().and(named("read")).and(takesArguments(0))))
                .visit(Advice.to(ReadArray.class).on(isPublic().and(named("read")).and(takesArguments(byte[].class))))
                .visit(Advice.to(ReadRange.class).on(isPublic().and(named("read"))
                        .and(takesArguments(byte[].class, int.class, int.class))))));
    }

    /**
     * The target: {@code args} are variant, stream, buffer, offset, length. Returns the boxed read
     * result, or {@link Bridge#NOT_HANDLED} for the reads that stay inline: zero-length ones (they
     * return 0 at once) and those by a thread holding the stream's monitor (the wait would hold it).
     */
    static Object offload(String api, Object[] args, Reader reader) {
        int variant = (Integer) args[0];
        byte[] b = (byte[]) args[2];
        int off = (Integer) args[3];
        int len = (Integer) args[4];
        if (Thread.holdsLock(args[1]) || (variant == READ_RANGE && len == 0)
                || (variant == READ_ARRAY && b != null && b.length == 0)) {
            return Bridge.NOT_HANDLED;
        }
        return ThreadPool.current().apply(api, () -> reader.read(variant, b, off, len));
    }

    // ---- advice (inlined into java.io.FileInputStream and java.io.RandomAccessFile) ------------------

    static final class ReadByte {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (Thread.holdsLock(self) || !Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(self instanceof RandomAccessFile ? Bridge.RANDOM_ACCESS_READ : Bridge.FILE_READ,
                    new Object[] {READ_BYTE, self, null, 0, 0});
            return r == Bridge.NOT_HANDLED ? null : r;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) int result) {
            if (handled != null) {
                result = (Integer) handled;
            }
        }
    }

    static final class ReadArray {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self, @Advice.Argument(0) byte[] b) {
            if (Thread.holdsLock(self) || !Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(self instanceof RandomAccessFile ? Bridge.RANDOM_ACCESS_READ : Bridge.FILE_READ,
                    new Object[] {READ_ARRAY, self, b, 0, 0});
            return r == Bridge.NOT_HANDLED ? null : r;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) int result) {
            if (handled != null) {
                result = (Integer) handled;
            }
        }
    }

    static final class ReadRange {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self, @Advice.Argument(0) byte[] b,
                            @Advice.Argument(1) int off, @Advice.Argument(2) int len) {
            if (Thread.holdsLock(self) || !Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(self instanceof RandomAccessFile ? Bridge.RANDOM_ACCESS_READ : Bridge.FILE_READ,
                    new Object[] {READ_RANGE, self, b, off, len});
            return r == Bridge.NOT_HANDLED ? null : r;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) int result) {
            if (handled != null) {
                result = (Integer) handled;
            }
        }
    }
}
