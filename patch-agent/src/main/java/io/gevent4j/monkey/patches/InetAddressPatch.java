package io.gevent4j.monkey.patches;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.threadpool.ThreadPool;

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
 * The pool thread calls the same method, where the patch stands aside: results, their order, the
 * JDK's cache and {@code UnknownHostException}s are exactly the JDK's. An application-installed
 * {@code java.net.spi.InetAddressResolverProvider} keeps working (it runs on the pool thread).
 */
public final class InetAddressPatch implements Patch {
    /** The agent's instance, made by {@link java.util.ServiceLoader}. */
    public InetAddressPatch() {}

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public void declare(Patching patching) {
        patching.method("java.net.InetAddress", "getAllByName", String.class)
                .offload()
                .unless(InetAddressPatch.class, "needsNoLookup");
        patching.method("java.net.InetAddress", "getLocalHost").offload();
        patching.method("java.net.InetAddress", "getHostName").offload();
        patching.method("java.net.InetAddress", "getCanonicalHostName").offload();
    }

    /** The loopback address (no name), or an address literal: the JDK parses it, no look-up, no hand-off. */
    static boolean needsNoLookup(String host) {
        return host == null || host.isEmpty() || isLiteral(host);
    }

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
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
