package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.io.RandomAccessFile;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.asm.Advice;

/**
 * {@code RandomAccessFile} reads (patch "io"): as {@link FileInputStreamPatch}, each public
 * {@code read} of a greenlet runs on the hub's {@link ThreadPool} while the greenlet parks;
 * {@code readFully}, {@code readInt}, {@code readLine} and the other {@code DataInput} methods loop
 * over these. A read by a thread that holds the file's monitor runs inline: that is how
 * {@code java.util.zip.ZipFile} reads jars, so class loading inside a greenlet is not offloaded.
 */
public final class RandomAccessFilePatch implements Patch {
    static final int READ_BYTE = 0;
    static final int READ_ARRAY = 1;
    static final int READ_RANGE = 2;

    @Override
    public void install(Instrumentation inst) {
        Patch.transform(inst, "java.io.RandomAccessFile", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(ReadByte.class).on(isPublic().and(named("read")).and(takesArguments(0))))
                .visit(Advice.to(ReadArray.class).on(isPublic().and(named("read")).and(takesArguments(byte[].class))))
                .visit(Advice.to(ReadRange.class).on(isPublic().and(named("read"))
                        .and(takesArguments(byte[].class, int.class, int.class))))));
    }

    // ---- advice (inlined into java.io.RandomAccessFile) -----------------------------------------------

    static final class ReadByte {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (Thread.holdsLock(self) || !Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.RANDOM_ACCESS_READ, new Object[] {READ_BYTE, self, null, 0, 0});
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
            Object r = Bridge.call(Bridge.RANDOM_ACCESS_READ, new Object[] {READ_ARRAY, self, b, 0, 0});
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
            Object r = Bridge.call(Bridge.RANDOM_ACCESS_READ, new Object[] {READ_RANGE, self, b, off, len});
            return r == Bridge.NOT_HANDLED ? null : r;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) int result) {
            if (handled != null) {
                result = (Integer) handled;
            }
        }
    }

    // ---- target ------------------------------------------------------------------------------------

    /** {@code args}: variant, stream, buffer, offset, length. Returns the boxed read result. */
    public static Object read(Object[] args) {
        RandomAccessFile in = (RandomAccessFile) args[1];
        int variant = (Integer) args[0];
        byte[] b = (byte[]) args[2];
        int off = (Integer) args[3];
        int len = (Integer) args[4];
        if (Thread.holdsLock(in) || (variant == READ_RANGE && len == 0) || (variant == READ_ARRAY && b != null && b.length == 0)) {
            return Bridge.NOT_HANDLED;
        }
        return ThreadPool.current().apply("RandomAccessFile.read", () -> switch (variant) {
            case READ_BYTE -> in.read();
            case READ_ARRAY -> in.read(b);
            default -> in.read(b, off, len);
        });
    }
}
