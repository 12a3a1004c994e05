package io.gevent4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed articles' group and pool examples (shared/seeds/003), with their exact output. */
class PoolSeedTest {

    @Test
    void groupJoinWaitsForItsMembersAndTheHubRunsTheRestToo() {
        List<String> out = new ArrayList<>();
        Greenlet<?> g1 = Gevent.spawn(() -> talk(out, "bar"));
        Greenlet<?> g2 = Gevent.spawn(() -> talk(out, "foo"));
        Greenlet<?> g3 = Gevent.spawn(() -> talk(out, "fizz"));
        Group group = new Group();
        group.add(g1);
        group.add(g2);
        group.join();
        group.add(g3);
        group.join();
        assertEquals(List.of("bar", "bar", "bar", "foo", "foo", "foo", "fizz", "fizz", "fizz"), out);
    }

    private static void talk(List<String> out, String msg) {
        for (int i = 0; i < 3; i++) {
            out.add(msg);
        }
    }

    /**
     * Seed: {@code group.map(hello_from, xrange(3))}. All three are spawned before any runs, and a dead
     * greenlet leaves its group in a link callback that runs after its ready siblings (as in gevent), so
     * each prints "Size of group 3".
     */
    @Test
    void groupMapSpawnsEverythingBeforeAnyRuns() {
        Group group = new Group();
        List<String> out = new ArrayList<>();
        Set<Greenlet<?>> runners = new HashSet<>();
        group.map(
                n -> {
                    out.add("Size of group " + group.size());
                    runners.add(Gevent.getCurrent());
                    out.add("Hello from Greenlet " + Gevent.getCurrent().name());
                    return null;
                },
                List.of(0, 1, 2));
        assertEquals(6, out.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("Size of group 3", out.get(2 * i));
            assertTrue(out.get(2 * i + 1).startsWith("Hello from Greenlet "), out.get(2 * i + 1));
        }
        assertEquals(3, runners.size(), "each input ran in its own greenlet");
        assertEquals(0, group.size());
    }

    @Test
    void imapYieldsInInputOrderAndImapUnorderedAsTheyFinish() {
        List<String> out = new ArrayList<>();
        out.add("Ordered");
        Group ogroup = new Group();
        for (String r : ogroup.imap(PoolSeedTest::intensive, List.of(0, 1, 2))) {
            out.add(r);
        }
        out.add("Unordered");
        Group igroup = new Group();
        for (String r : igroup.imapUnordered(PoolSeedTest::intensive, List.of(0, 1, 2))) {
            out.add(r);
        }
        assertEquals(
                List.of(
                        "Ordered",
                        "('task', 0)",
                        "('task', 1)",
                        "('task', 2)",
                        "Unordered",
                        "('task', 2)",
                        "('task', 1)",
                        "('task', 0)"),
                out);
    }

    /** The seed's {@code sleep(3 - n)}, in units of 200 ms. */
    private static String intensive(int n) {
        Gevent.sleep(200L * (3 - n));
        return "('task', " + n + ")";
    }

    @Test
    void poolOfTwoMapsThreeItems() {
        Pool pool = new Pool(2);
        List<String> out = new ArrayList<>();
        pool.map(n -> out.add("Size of pool " + pool.size()), List.of(0, 1, 2));
        assertEquals(List.of("Size of pool 2", "Size of pool 2", "Size of pool 1"), out);
    }
}
