package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.monkey.programs.AbandonedProcessProgram;
import io.gevent4j.monkey.programs.ClassLoadingProgram;
import io.gevent4j.monkey.programs.DnsProgram;
import io.gevent4j.monkey.programs.FifoProgram;
import io.gevent4j.monkey.programs.ProcessProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls the JDK leaves blocking on a one-carrier hub (FIFO / pipe reads, DNS): with the agent, N
 * greenlets finish together in under 2·L; without it the same code works but takes about N·L.
 */
class IoPatchIT {
    static final int N = 100;
    static final int L = 1000;
    /** Small runs without the agent, where each call stalls the hub for L ms. */
    static final int SMALL_N = 4;

    static final int SMALL_L = 300;
    static final List<String> POOL = List.of(); // the default pool runs all N reads at once

    private static void check(Class<?> program, List<String> jvmArgs, List<String> smallJvmArgs, String... extra) {
        check(L, program, jvmArgs, smallJvmArgs, extra);
    }

    private static void check(
            int l, Class<?> program, List<String> jvmArgs, List<String> smallJvmArgs, String... extra) {
        Object[] big = concat(N, l, extra);
        Jvm.Result r = Jvm.withAgent(null, concat(POOL, jvmArgs), program, big);
        assertEquals(0, r.exit(), r::toString);
        r.assertGreenletsRanOneAtATimeOnTheHubThread();
        assertTrue(r.elapsedMs() < 2 * l, () -> "took " + r.elapsedMs() + " ms, L=" + l + "\n" + r);
        assertEquals("", r.err(), r::toString);

        Object[] small = concat(SMALL_N, SMALL_L, extra);
        Jvm.Result with = Jvm.withAgent(null, smallJvmArgs, program, small);
        Jvm.Result without = Jvm.withoutAgent(smallJvmArgs, program, small);
        assertEquals(0, with.exit(), with::toString);
        assertEquals(0, without.exit(), without::toString);
        with.assertGreenletsRanOneAtATimeOnTheHubThread();
        without.assertGreenletsRanOneAtATimeOnTheHubThread();
        assertTrue(
                without.elapsedMs() >= SMALL_N * SMALL_L * 9 / 10, () -> "unpatched should block the hub: " + without);
        assertEquals(without.results(), with.results());
        assertEquals(without.err(), with.err());
    }

    private static Object[] concat(int n, int l, String... extra) {
        Object[] a = new Object[2 + extra.length];
        a[0] = n;
        a[1] = l;
        System.arraycopy(extra, 0, a, 2, extra.length);
        return a;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void fileInputStreamReadsOfFifos() {
        check(FifoProgram.class, List.of(), List.of(), "fis");
    }

    @Test
    void randomAccessFileReadsOfFifos() {
        check(FifoProgram.class, List.of(), List.of(), "raf");
    }

    @Test
    void processStreamsAndWaitFor() {
        // Starting 100 processes takes about a second on a loaded 2-core machine: a longer L keeps the margin.
        check(2 * L, ProcessProgram.class, List.of(), List.of());
    }

    @Test
    void dnsLookUps() {
        check(DnsProgram.class, List.of("-Dtest.dns.delay=" + L), List.of("-Dtest.dns.delay=" + SMALL_L));
    }

    /**
     * Class loading from a class-path directory reads class files with {@code FileInputStream} while the
     * greenlet is pinned (native frames): those reads stay inline, none is offloaded, and the classes
     * load. A plain read in a greenlet, not pinned, is still offloaded.
     */
    @Test
    void readsWhilePinnedStayInline() {
        Jvm.Result r = Jvm.withAgent(null, List.of(), ClassLoadingProgram.class, 300);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("loaded=300\n"), r::toString);
        assertTrue(r.out().contains("classLoadingOffloads=0\n"), r::toString);
        assertTrue(r.out().contains("plainReadOffloads=1\n"), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    /**
     * A greenlet killed while its process start runs on the pool gets GreenletExit, and the process
     * started for nobody is destroyed and its pipes closed: no child process, no descriptor left over.
     */
    @Test
    void killedProcessStartsLeaveNoProcessNorDescriptor() {
        Jvm.Result r = Jvm.withAgent(null, List.of(), AbandonedProcessProgram.class, 200);
        assertEquals(0, r.exit(), r::toString);
        String out = r.out();
        assertTrue(out.contains("children=0"), out);
        assertTrue(!out.contains("raised=0 ") && !out.contains("delivered=0 "), "both outcomes must occur: " + out);
        long grown = Long.parseLong(out.lines()
                .filter(l -> l.startsWith("descriptorsGrown="))
                .findFirst()
                .orElseThrow()
                .substring("descriptorsGrown=".length()));
        assertTrue(grown <= 4, () -> "descriptors left over: " + out);
    }
}
