package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.io.FileInputStream;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.asm.Advice;

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
    static final int READ_BYTE = 0;
    static final int READ_ARRAY = 1;
    static final int READ_RANGE = 2;

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
        Patch.transform(inst, "java.io.FileInputStream", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(ReadByte.class).on(isPublic().and(named("read")).and(takesArguments(0))))
                .visit(Advice.to(ReadArray.class).on(isPublic().and(named("read")).and(takesArguments(byte[].class))))
                .visit(Advice.to(ReadRange.class).on(isPublic().and(named("read"))
                        .and(takesArguments(byte[].class, int.class, int.class))))));
    }

    // ---- advice (inlined into java.io.FileInputStream) -----------------------------------------------

    static final class ReadByte {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (Thread.holdsLock(self) || !Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.FILE_READ, new Object[] {READ_BYTE, self, null, 0, 0});
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
            Object r = Bridge.call(Bridge.FILE_READ, new Object[] {READ_ARRAY, self, b, 0, 0});
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
            Object r = Bridge.call(Bridge.FILE_READ, new Object[] {READ_RANGE, self, b, off, len});
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
        FileInputStream in = (FileInputStream) args[1];
        int variant = (Integer) args[0];
        byte[] b = (byte[]) args[2];
        int off = (Integer) args[3];
        int len = (Integer) args[4];
        if (Thread.holdsLock(in) || (variant == READ_RANGE && len == 0) || (variant == READ_ARRAY && b != null && b.length == 0)) {
            return Bridge.NOT_HANDLED;
        }
        return ThreadPool.current().apply("FileInputStream.read", () -> switch (variant) {
            case READ_BYTE -> in.read();
            case READ_ARRAY -> in.read(b);
            default -> in.read(b, off, len);
        });
    }
}
