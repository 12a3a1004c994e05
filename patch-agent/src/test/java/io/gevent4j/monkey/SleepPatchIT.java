package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.monkey.programs.SleepProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

class SleepPatchIT {
    static final int N = 100;
    static final int L = 500;

    @Test
    void hundredGreenletsSleepTogetherOnOneHubThread() {
        Jvm.Result r = Jvm.withAgent(null, List.of(), SleepProgram.class, N, L);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.elapsedMs() < 2 * L, r::toString);
        r.assertGreenletsRanOneAtATimeOnTheHubThread();
        assertEquals("true", r.line("hubThreadSleepRanTask"), r::toString);
        assertEquals("true", r.line("hubThreadSleptEnough"), r::toString);
        assertEquals("", r.err(), "the agent prints nothing: " + r);
    }

    @Test
    void resultsIdenticalWithoutTheAgentExceptTheHubThreadSleep() {
        Jvm.Result with = Jvm.withAgent(null, List.of(), SleepProgram.class, 10, 100);
        Jvm.Result without = Jvm.withoutAgent(List.of(), SleepProgram.class, 10, 100);
        assertEquals(0, with.exit(), with::toString);
        assertEquals(0, without.exit(), without::toString);
        with.assertGreenletsRanOneAtATimeOnTheHubThread();
        without.assertGreenletsRanOneAtATimeOnTheHubThread();
        // A greenlet's Thread.sleep already parks a virtual thread: the JDK's own is cooperative there
        // (well under the 10 x 100 ms a blocking sleep would take; loose bound for a loaded machine).
        assertTrue(without.elapsedMs() < 10 * 100, without::toString);
        // Unpatched, the hub's own thread sleeps for real and runs nothing: the one visible difference.
        assertEquals("false", without.line("hubThreadSleepRanTask"), without::toString);
        assertEquals(
                without.results().replace("hubThreadSleepRanTask=false", "hubThreadSleepRanTask=true"), with.results());
    }
}
