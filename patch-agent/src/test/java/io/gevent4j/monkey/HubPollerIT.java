package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.monkey.programs.HubPollerProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The socket patch's hub-owned epoll set ({@code HubPoller}): greenlets' socket waits are woken by their
 * own hub, and every way a socket wait can end still ends it: data (also on the hub's first wait, before
 * its epoll set exists), end of stream after data, a close
 * from another greenlet, thread or hub, SO_TIMEOUT, a kill, a gevent4j Timeout, full buffers both
 * ways, descriptor numbers reused, and a connection that only a daemon thread will make.
 */
class HubPollerIT {
    @Test
    void socketWaitsEndOnTheHubsOwnPoller() {
        Jvm.Result r = Jvm.withAgent(null, List.of(), HubPollerProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("12345", r.line("firstWaitTimedReplies"), r::toString);
        assertEquals("20000 echoed, hub wake-ups >= 20000", r.line("echo"), r::toString);
        assertEquals("bye then -1", r.line("peerClosesAfterData"), r::toString);
        assertEquals("SocketException", r.line("closeFromGreenlet"), r::toString);
        assertEquals("SocketException", r.line("closeFromPlatformThread"), r::toString);
        assertEquals("SocketException, then 20 of 20", r.line("closeFromAnotherHub"), r::toString);
        assertEquals("Read timed out in time", r.line("soTimeout"), r::toString);
        assertEquals("true GreenletExit", r.line("kill"), r::toString);
        assertEquals("Timeout", r.line("geventTimeout"), r::toString);
        assertEquals((8 << 20) + " and " + (8 << 20), r.line("bulkBothWays"), r::toString);
        assertEquals("300 of 300", r.line("descriptorReuse"), r::toString);
        assertEquals("got 42", r.line("lateConnectFromDaemon"), r::toString);
        assertTrue(r.line("stats").contains("socketWaits=0"), r::toString);
    }

    @Test
    void withoutTheAgentTheJdksPollersWakeTheSameSockets() {
        Jvm.Result r = Jvm.withoutAgent(List.of(), HubPollerProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("12345", r.line("firstWaitTimedReplies"), r::toString);
        assertEquals("20000 echoed, hub wake-ups 0", r.line("echo"), r::toString);
        assertEquals("bye then -1", r.line("peerClosesAfterData"), r::toString);
        assertEquals("300 of 300", r.line("descriptorReuse"), r::toString);
        assertEquals("got 42", r.line("lateConnectFromDaemon"), r::toString);
    }
}
