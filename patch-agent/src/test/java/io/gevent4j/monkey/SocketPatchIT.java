package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.monkey.programs.SocketProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Socket, SocketChannel, HttpURLConnection, DatagramSocket and ServerSocket.accept on a one-carrier
 * hub: JDK 21+ already parks the greenlet (run on JDK 25; JDK 21-24 not measured), so both with and
 * without the agent N greenlets finish in under 2·L, with identical results and SO_TIMEOUT's exact
 * exception.
 */
class SocketPatchIT {
    static final int N = 100;
    static final int L = 1000;

    @Test
    void socketsCooperateWithAndWithoutTheAgent() {
        Jvm.Result with = Jvm.withAgent(null, List.of(), SocketProgram.class, N, L);
        Jvm.Result without = Jvm.withoutAgent(List.of(), SocketProgram.class, N, L);
        for (Jvm.Result r : List.of(with, without)) {
            assertEquals(0, r.exit(), r::toString);
            r.assertGreenletsRanOneAtATimeOnTheHubThread();
            assertTrue(r.elapsedMs() < 2 * L, () -> "took " + r.elapsedMs() + " ms\n" + r);
            assertEquals(
                    "java.net.SocketTimeoutException: Read timed out closed=false", r.line("soTimeout"), r::toString);
        }
        assertEquals(without.results(), with.results());
        assertEquals("", with.err(), with::toString);
    }
}
