package io.gevent4j.monkey.patches;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.gevent4j.monkey.bridge.Bridge;
import io.gevent4j.threadpool.ThreadPool;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import net.bytebuddy.asm.Advice;

/**
 * DNS (patch "dns"): {@code InetAddress} runs the system resolver in a native call inside
 * {@code Blocker.begin()}, which compensates only on the JDK's own scheduler, so on a hub every
 * look-up would stall every greenlet. In a greenlet, these calls run on the hub's {@link ThreadPool}
 * while it parks (gevent's default resolver, {@code gevent.resolver.thread}):
 * <ul>
 *   <li>{@code getAllByName(String)}, and so {@code getByName(String)}, which calls it;</li>
 *   <li>{@code getLocalHost()};</li>
 *   <li>{@code getHostName()} and {@code getCanonicalHostName()} (reverse look-ups).</li>
 * </ul>
 * The pool thread calls the same method, where the advice stands aside: results, their order, the
 * JDK's cache and {@code UnknownHostException}s are exactly the JDK's. An application-installed
 * {@code java.net.spi.InetAddressResolverProvider} keeps working (it runs on the pool thread).
 */
public final class InetAddressPatch implements Patch {
    static final int ALL_BY_NAME = 0;
    static final int LOCAL_HOST = 1;
    static final int HOST_NAME = 2;
    static final int CANONICAL_HOST_NAME = 3;
    /** The JDK method each variant stands for, as the offload's JFR event names it. */
    private static final String[] API = {"InetAddress.getAllByName", "InetAddress.getLocalHost",
            "InetAddress.getHostName", "InetAddress.getCanonicalHostName"};

    @Override
    public void install(Instrumentation inst) {
        Patch.transform(inst, "java.net.InetAddress", Patch.transformer((builder, type) -> builder
                .visit(Advice.to(AllByName.class, Patch.Handled.class).on(isPublic().and(isStatic()).and(named("getAllByName"))
                        .and(takesArguments(String.class))))
                .visit(Advice.to(LocalHost.class, Patch.Handled.class).on(isPublic().and(isStatic()).and(named("getLocalHost"))
                        .and(takesArguments(0))))
                .visit(Advice.to(HostName.class, Patch.Handled.class).on(isPublic().and(not(isStatic())).and(named("getHostName"))
                        .and(takesArguments(0))))
                .visit(Advice.to(CanonicalHostName.class, Patch.Handled.class).on(isPublic().and(not(isStatic()))
                        .and(named("getCanonicalHostName")).and(takesArguments(0))))));
    }

    // ---- advice (inlined into java.net.InetAddress) --------------------------------------------------

    static final class AllByName {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.Argument(0) String host) {
            if (!Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.DNS, new Object[] {ALL_BY_NAME, host});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    static final class LocalHost {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter() {
            if (!Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.DNS, new Object[] {LOCAL_HOST, null});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    static final class HostName {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (!Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.DNS, new Object[] {HOST_NAME, self});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    static final class CanonicalHostName {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object self) {
            if (!Bridge.applies()) {
                return null;
            }
            Object r = Bridge.call(Bridge.DNS, new Object[] {CANONICAL_HOST_NAME, self});
            return r == Bridge.NOT_HANDLED ? null : r;
        }
    }

    // ---- target ------------------------------------------------------------------------------------

    /**
     * A dotted-quad IPv4 address ("127.0.0.1"), or an IPv6 literal (it has a ':'): {@code getAllByName}
     * parses these (or rejects them) without asking the resolver, so they need no thread hand-off.
     */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code args}: variant, then the host name (for look-ups by name) or the address (reverse). */
    public static Object lookup(Object[] args) {
        int variant = (Integer) args[0];
        Object arg = args[1];
        if (variant == ALL_BY_NAME && (arg == null || ((String) arg).isEmpty() || isLiteral((String) arg))) {
            return Bridge.NOT_HANDLED; // the loopback address, or an address literal: the JDK parses it, no look-up
        }
        return ThreadPool.current().apply(API[variant], () -> switch (variant) {
            case ALL_BY_NAME -> InetAddress.getAllByName((String) arg);
            case LOCAL_HOST -> InetAddress.getLocalHost();
            case HOST_NAME -> ((InetAddress) arg).getHostName();
            default -> ((InetAddress) arg).getCanonicalHostName();
        });
    }
}
