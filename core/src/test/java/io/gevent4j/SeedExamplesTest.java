package io.gevent4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gevent articles' examples (shared/seeds), with their exact output order. */
class SeedExamplesTest {

    @Test
    void twoGreenletsSwitchAtSleepZero() {
        List<String> out = new ArrayList<>();
        Greenlet<Void> test1 = Gevent.spawn(() -> {
            out.add("12");
            Gevent.sleep(0);
            out.add("34");
        });
        Greenlet<Void> test2 = Gevent.spawn(() -> {
            out.add("56");
            Gevent.sleep(0);
            out.add("78");
        });
        Gevent.joinAll(List.of(test1, test2));
        assertEquals(List.of("12", "56", "34", "78"), out);
    }

    private static final List<String> NAMES = List.of("g1", "g2", "g3");

    /** Seed: three greenlets each print 0..4, with or without {@code sleep(0)} after each print. */
    private static List<String> runThreeCounters(boolean sleepZero) {
        List<String> out = new ArrayList<>();
        List<Greenlet<Void>> gs = new ArrayList<>();
        for (String name : NAMES) {
            gs.add(Gevent.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    out.add(name + " " + i);
                    if (sleepZero) {
                        Gevent.sleep(0);
                    }
                }
            }));
        }
        for (Greenlet<Void> g : gs) {
            g.join();
        }
        return out;
    }

    @Test
    void greenletsThatNeverBlockRunOneAfterAnother() {
        List<String> expected = new ArrayList<>();
        for (String name : NAMES) {
            for (int i = 0; i < 5; i++) {
                expected.add(name + " " + i);
            }
        }
        assertEquals(expected, runThreeCounters(false));
    }

    @Test
    void greenletsThatSleepZeroInterleaveRoundByRound() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (String name : NAMES) {
                expected.add(name + " " + i);
            }
        }
        assertEquals(expected, runThreeCounters(true));
    }

    @Test
    void spawnAloneRunsNothingUntilTheThreadWaits() {
        List<String> out = new ArrayList<>();
        Greenlet<?> g = Gevent.spawn(() -> out.add("ran"));
        assertEquals(List.of(), out, "spawn only schedules");
        assertTrue(!g.isDead());
        Gevent.sleep(2000);
        assertEquals(List.of("ran"), out);
        assertTrue(g.isDead());
    }
}
