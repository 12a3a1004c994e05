package io.gevent4j.monkey.patches;

import java.lang.instrument.Instrumentation;

/**
 * Sockets (patch "socket"). On JDK 21+ {@code Socket}, {@code ServerSocket}, {@code SocketChannel},
 * {@code DatagramSocket} (a {@code DatagramChannel} underneath) and {@code HttpURLConnection} (plain
 * sockets underneath) already park a virtual thread instead of its carrier in connect, accept, read
 * and write: the JDK's I/O poller wakes the greenlet, which the hub then mounts. Timeouts
 * ({@code SO_TIMEOUT}, connect timeouts) are the JDK's own, with their exact exceptions. So on the
 * JDKs this agent supports there is nothing to weave; the module's tests verify every path above on a
 * one-carrier hub ({@code SocketPatchIT}). What a socket call still needs from gevent4j is DNS, which
 * is patch "dns".
 *
 * <p>The one trap, the JDK's I/O sub-pollers being created on a hub, is handled by gevent4j-core,
 * which initialises {@code sun.nio.ch.Poller} from a platform thread before any greenlet exists.
 */
public final class SocketPatch implements Patch {
    @Override
    public void install(Instrumentation inst) {
        // Nothing to weave on JDK 21+: see the class comment.
    }
}
