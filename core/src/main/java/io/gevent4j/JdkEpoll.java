package io.gevent4j;

import io.gevent4j.internal.Rethrow;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The one place that reaches the JDK's own Linux {@code epoll} and {@code eventfd} bindings
 * ({@code sun.nio.ch.EPoll}, {@code sun.nio.ch.EventFD}), which a hub's {@link HubPoller} waits on. They
 * need {@code sun.nio.ch} (and {@code java.io}, for descriptor numbers) opened to gevent4j; the patch
 * agent's socket patch opens them. Where that is not
 * so, or on another OS, {@link #available()} is false and sockets wait on the JDK's pollers as before.
 *
 * <p>Every call here is a thin static wrapper; a failed system call surfaces as the JDK's own
 * {@code IOException}, thrown unchecked (its callers are the JDK's socket methods, which declare it).
 */
final class JdkEpoll {
    static final int IN = 0x001;
    static final int OUT = 0x004;
    static final int ERR = 0x008;
    static final int HUP = 0x010;
    static final int RDHUP = 0x2000;
    static final int EDGE_TRIGGERED = 1 << 31;
    static final int CTL_ADD = 1;
    static final int CTL_MOD = 3;
    static final int EEXIST = 17;

    /** The JDK's poll event codes for "readable" and "writable" ({@code sun.nio.ch.Net.POLLIN/POLLOUT}). */
    static final int POLLIN;

    static final int POLLOUT;

    private static final MethodHandle CREATE;
    private static final MethodHandle CTL;
    private static final MethodHandle WAIT;
    private static final MethodHandle ALLOCATE;
    private static final MethodHandle FREE;
    private static final int EVENT_SIZE;
    private static final MethodHandle DESCRIPTOR;
    private static final MethodHandle EVENTS;
    private static final MethodHandle CLOSE_FD;
    private static final VarHandle FD_VALUE;
    private static final MethodHandle NEW_EVENT_FD;
    private static final MethodHandle EVENT_FD_VALUE;
    private static final MethodHandle EVENT_FD_SET;
    private static final MethodHandle EVENT_FD_RESET;
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle[] h = new MethodHandle[13];
        VarHandle fdValue = null;
        int eventSize = 0;
        int pollIn = -1;
        int pollOut = -1;
        Throwable unavailable = null;
        try {
            MethodHandles.Lookup self = MethodHandles.lookup();
            Class<?> epoll = Class.forName("sun.nio.ch.EPoll");
            MethodHandles.Lookup ep = MethodHandles.privateLookupIn(epoll, self);
            h[0] = ep.findStatic(epoll, "create", MethodType.methodType(int.class));
            h[1] = ep.findStatic(
                    epoll, "ctl", MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
            h[2] = ep.findStatic(
                    epoll, "wait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
            h[3] = ep.findStatic(epoll, "allocatePollArray", MethodType.methodType(long.class, int.class));
            h[4] = ep.findStatic(epoll, "freePollArray", MethodType.methodType(void.class, long.class));
            eventSize = (int) ep.findStaticVarHandle(epoll, "SIZEOF_EPOLLEVENT", int.class)
                    .get();
            h[6] = ep.findStatic(epoll, "getDescriptor", MethodType.methodType(int.class, long.class));
            h[7] = ep.findStatic(epoll, "getEvents", MethodType.methodType(int.class, long.class));
            Class<?> dispatcher = Class.forName("sun.nio.ch.UnixFileDispatcherImpl");
            h[8] = MethodHandles.privateLookupIn(dispatcher, self)
                    .findStatic(dispatcher, "closeIntFD", MethodType.methodType(void.class, int.class));
            Class<?> eventFd = Class.forName("sun.nio.ch.EventFD");
            MethodHandles.Lookup ev = MethodHandles.privateLookupIn(eventFd, self);
            h[9] = ev.findConstructor(eventFd, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            h[10] = ev.findVirtual(eventFd, "efd", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
            h[11] = ev.findVirtual(eventFd, "set", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            h[12] = ev.findVirtual(eventFd, "reset", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            fdValue = MethodHandles.privateLookupIn(FileDescriptor.class, self)
                    .findVarHandle(FileDescriptor.class, "fd", int.class);
            Class<?> net = Class.forName("sun.nio.ch.Net");
            MethodHandles.Lookup nl = MethodHandles.privateLookupIn(net, self);
            pollIn = (short) nl.findStaticVarHandle(net, "POLLIN", short.class).get();
            pollOut =
                    (short) nl.findStaticVarHandle(net, "POLLOUT", short.class).get();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = e;
        }
        CREATE = h[0];
        CTL = h[1];
        WAIT = h[2];
        ALLOCATE = h[3];
        FREE = h[4];
        EVENT_SIZE = eventSize;
        DESCRIPTOR = h[6];
        EVENTS = h[7];
        CLOSE_FD = h[8];
        FD_VALUE = fdValue;
        NEW_EVENT_FD = h[9];
        EVENT_FD_VALUE = h[10];
        EVENT_FD_SET = h[11];
        EVENT_FD_RESET = h[12];
        POLLIN = pollIn;
        POLLOUT = pollOut;
        UNAVAILABLE = unavailable;
    }

    private JdkEpoll() {}

    /** Whether this JVM lets gevent4j use the JDK's epoll bindings (Linux, {@code sun.nio.ch} open to it). */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why {@link #available()} is false, or null. */
    static Throwable unavailability() {
        return UNAVAILABLE;
    }

    static int create() {
        try {
            return (int) CREATE.invokeExact();
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** {@code epoll_ctl}; returns 0 or the errno. */
    static int ctl(int epfd, int op, int fd, int events) {
        try {
            return (int) CTL.invokeExact(epfd, op, fd, events);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** {@code epoll_wait}; returns the number of events, or a negative number when interrupted by a signal. */
    static int wait(int epfd, long events, int max, int timeoutMillis) {
        try {
            return (int) WAIT.invokeExact(epfd, events, max, timeoutMillis);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    static long allocateEvents(int count) {
        try {
            return (long) ALLOCATE.invokeExact(count);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    static void freeEvents(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** The address of event {@code i} in an events array. */
    static long eventAt(long events, int i) {
        return events + (long) EVENT_SIZE * i;
    }

    static int descriptor(long event) {
        try {
            return (int) DESCRIPTOR.invokeExact(event);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    static int events(long event) {
        try {
            return (int) EVENTS.invokeExact(event);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    static void close(int fd) {
        try {
            CLOSE_FD.invokeExact(fd);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** The descriptor number inside a {@link FileDescriptor}. */
    static int fdValue(FileDescriptor fd) {
        return (int) FD_VALUE.get(fd);
    }

    /** A new {@code eventfd} object (the JDK's {@code EventFD}). */
    static Object newEventFd() {
        try {
            return (Object) NEW_EVENT_FD.invokeExact();
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    static int eventFdValue(Object eventFd) {
        try {
            return (int) EVENT_FD_VALUE.invokeExact(eventFd);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** Makes the eventfd readable (wakes an {@code epoll_wait} that watches it); any thread. */
    static void signal(Object eventFd) {
        try {
            EVENT_FD_SET.invokeExact(eventFd);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** Drains the eventfd. */
    static void reset(Object eventFd) {
        try {
            EVENT_FD_RESET.invokeExact(eventFd);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
    }
}
