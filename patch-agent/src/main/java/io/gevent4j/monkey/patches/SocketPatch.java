package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.Cooperative;
import io.gevent4j.monkey.bridge.Bridge;
import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import net.bytebuddy.asm.Advice;

/**
 * Sockets (patch "socket"): a greenlet's socket waits go to its own hub's epoll set.
 *
 * <p>On JDK 21+ (measured on JDK 25; JDK 21-24 not measured) {@code Socket}, {@code ServerSocket},
 * {@code SocketChannel}, {@code DatagramSocket} and {@code HttpURLConnection} already park a virtual
 * thread rather than its carrier in connect, accept, read and write, and all of them wait in one place,
 * {@code sun.nio.ch.Poller.poll(fd, event, nanos, isOpen)}. Left alone, that wait registers the
 * descriptor with a JDK poller thread, which wakes the greenlet from outside: a cross-thread hand-off
 * to the hub for every message. This patch sends the
 * waits of greenlets to {@code Cooperative.awaitSocket} instead: the descriptor joins the hub's own
 * epoll set, and the hub's thread, polling between batches and waiting in {@code epoll_wait} when
 * idle, wakes the greenlet itself (see gevent4j-core's {@code HubPoller}). {@code Poller.stopPoll},
 * which a close or shutdown calls to free a waiting virtual thread, reaches the hubs too. Timeouts
 * ({@code SO_TIMEOUT}, connect timeouts) and their exceptions stay the JDK's own: it re-checks the
 * socket and the clock after every wait.
 *
 * <p>Anywhere but in a greenlet (platform threads, plain virtual threads), and in every JVM where the
 * JDK's epoll bindings cannot be reached, the JDK's own poller waits as before. The JDK's I/O
 * sub-pollers, which could otherwise be created on a hub, are kept off hubs by gevent4j-core.
 */
public final class SocketPatch implements Patch {
    @Override
    public void install(Instrumentation inst) {
        // The hub's epoll set uses the JDK's bindings in sun.nio.ch, and reads descriptor numbers.
        Module javaBase = Object.class.getModule();
        Module core = Cooperative.class.getModule();
        for (String pkg : new String[] {"sun.nio.ch", "java.io"}) {
            if (!javaBase.isOpen(pkg, core)) {
                inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of(pkg, Set.of(core)), Set.of(), Map.of());
            }
        }
        // Bind now, not inside the first socket wait (where loading a class would itself be a patched read).
        try {
            for (String name : new String[] {"io.gevent4j.JdkEpoll", "io.gevent4j.HubPoller"}) {
                Class.forName(name, true, Cooperative.class.getClassLoader());
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("gevent4j-core lacks " + e.getMessage(), e);
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Bridge.installSocketWaits(
                    lookup.findStatic(Cooperative.class, "awaitSocket", MethodType.methodType(boolean.class,
                            int.class, int.class, long.class, BooleanSupplier.class)),
                    lookup.findStatic(Cooperative.class, "stopSocketWait", MethodType.methodType(void.class,
                            int.class, int.class)),
                    lookup.findStatic(Cooperative.class, "socketClosing", MethodType.methodType(void.class,
                            FileDescriptor.class)),
                    lookup.findStatic(Cooperative.class, "skipSocketRead", MethodType.methodType(boolean.class,
                            FileDescriptor.class)),
                    lookup.findStatic(Cooperative.class, "socketReadDone", MethodType.methodType(void.class,
                            FileDescriptor.class, int.class, int.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("gevent4j-core lacks its socket wait entry points", e);
        }
        Patch.transform(inst, "sun.nio.ch.Poller", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(Poll.class).on(isStatic().and(named("poll"))
                        .and(takesArguments(int.class, int.class, long.class, BooleanSupplier.class))))
                .visit(Advice.to(StopPoll.class).on(isStatic().and(named("stopPoll"))
                        .and(takesArguments(int.class, int.class))))));
        Patch.transform(inst, "sun.nio.ch.NioSocketImpl", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(TryRead.class).on(named("tryRead")
                        .and(takesArguments(FileDescriptor.class, byte[].class, int.class, int.class))))));
        Patch.transform(inst, "sun.nio.ch.UnixDispatcher", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(Close.class).on(named("close").and(takesArguments(FileDescriptor.class))))));
    }

    // ---- advice: inlined into sun.nio.ch.Poller, so it may only use the bootstrap bridge -------------

    static final class Poll {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) int fd, @Advice.Argument(1) int event,
                             @Advice.Argument(2) long nanos, @Advice.Argument(3) BooleanSupplier isOpen) {
            return Bridge.pollSocket(fd, event, nanos, isOpen);
        }
    }

    /**
     * A {@code Socket} read: skipped (answered {@code IOStatus.UNAVAILABLE}, -2, so the JDK waits) when
     * the hub knows the socket is drained; otherwise its outcome is reported to the hub.
     */
    static final class TryRead {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) FileDescriptor fd) {
            return Bridge.skipSocketRead(fd);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean skipped, @Advice.Argument(0) FileDescriptor fd,
                         @Advice.Argument(3) int len, @Advice.Return(readOnly = false) int n) {
            if (skipped) {
                n = -2;
            } else {
                Bridge.socketReadDone(fd, len, n);
            }
        }
    }

    static final class Close {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) FileDescriptor fd) {
            Bridge.socketClosing(fd);
        }
    }

    static final class StopPoll {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) int fd, @Advice.Argument(1) int event) {
            Bridge.stopSocketPoll(fd, event);
        }
    }
}
