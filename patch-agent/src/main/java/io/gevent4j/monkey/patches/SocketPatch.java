package io.gevent4j.monkey.patches;

import io.gevent4j.Cooperative;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import java.io.FileDescriptor;
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
 * <p>The advice is called through the bootstrap bridge: each woven call is an {@code invokedynamic}
 * linked once to the advice method below, which calls gevent4j-core directly: a direct, typed call with
 * nothing allocated on the way.
 *
 * <p>Anywhere but in a greenlet (platform threads, plain virtual threads), and in every JVM where the
 * JDK's epoll bindings cannot be reached, the JDK's own poller waits as before. The JDK's I/O
 * sub-pollers, which could otherwise be created on a hub, are kept off hubs by gevent4j-core.
 */
public final class SocketPatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public SocketPatch() {}

    @Override
    public String name() {
        return "socket";
    }

    @Override
    public void declare(Patching patching) throws ClassNotFoundException {
        // The hub's epoll set uses the JDK's bindings in sun.nio.ch, and reads descriptor numbers.
        patching.openPackage("sun.nio.ch", Cooperative.class);
        patching.openPackage("java.io", Cooperative.class);
        // Bind now, not inside the first socket wait (where loading a class would itself be a patched read).
        for (String name : new String[] {"io.gevent4j.JdkEpoll", "io.gevent4j.HubPoller"}) {
            Class.forName(name, true, Cooperative.class.getClassLoader());
        }
        patching.method("sun.nio.ch.Poller", "poll", int.class, int.class, long.class, BooleanSupplier.class)
                .advise(Poll.class);
        patching.method("sun.nio.ch.Poller", "stopPoll", int.class, int.class).advise(StopPoll.class);
        patching.method("sun.nio.ch.NioSocketImpl", "tryRead", FileDescriptor.class, byte[].class, int.class, int.class)
                .advise(TryRead.class);
        patching.method("sun.nio.ch.UnixDispatcher", "close", FileDescriptor.class)
                .advise(Close.class);
    }

    // ---- advice: woven into sun.nio.ch classes as calls through the bootstrap bridge -----------------

    /** {@code Poller.poll(fd, event, nanos, isOpen)}: a greenlet waits on its hub's epoll set, and the JDK's poller is skipped. */
    static final class Poll {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(
                @Advice.Argument(0) int fd,
                @Advice.Argument(1) int event,
                @Advice.Argument(2) long nanos,
                @Advice.Argument(3) BooleanSupplier isOpen) {
            return Cooperative.awaitSocket(fd, event, nanos, isOpen);
        }
    }

    /**
     * A {@code Socket} read: skipped (answered {@code IOStatus.UNAVAILABLE}, -2, so the JDK waits) when
     * the hub knows the socket is drained; otherwise its outcome is reported to the hub.
     */
    static final class TryRead {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, inline = false)
        static boolean enter(@Advice.Argument(0) FileDescriptor fd) {
            return Cooperative.skipSocketRead(fd);
        }

        @Advice.OnMethodExit(inline = false)
        @Advice.AssignReturned.ToReturned
        static int exit(
                @Advice.Enter boolean skipped,
                @Advice.Argument(0) FileDescriptor fd,
                @Advice.Argument(3) int len,
                @Advice.Return int n) {
            if (skipped) {
                return -2;
            }
            Cooperative.socketReadDone(fd, len, n);
            return n;
        }
    }

    /** {@code UnixDispatcher.close(fd)}: hubs forget the descriptor. */
    static final class Close {
        @Advice.OnMethodEnter(inline = false)
        static void enter(@Advice.Argument(0) FileDescriptor fd) {
            Cooperative.socketClosing(fd);
        }
    }

    /** {@code Poller.stopPoll(fd, event)}: a close or shutdown wakes the greenlet waiting on it, on any hub. */
    static final class StopPoll {
        @Advice.OnMethodEnter(inline = false)
        static void enter(@Advice.Argument(0) int fd, @Advice.Argument(1) int event) {
            Cooperative.stopSocketWait(fd, event);
        }
    }
}
