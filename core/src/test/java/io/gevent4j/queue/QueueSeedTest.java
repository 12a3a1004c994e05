package io.gevent4j.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed articles' queue examples (shared/seeds/003), with their exact output.
 *
 * <p>The article's printed worker order (steve, nancy, john on every other round) comes from gevent
 * 0.13's {@code sleep(0)}, which rescheduled through libev timers; gevent 1.x, like gevent4j, runs
 * greenlets that yield with {@code sleep(0)} round-robin, which is what the specification of the primitives asks for. The tasks,
 * their order, the boss's blocking points and the endings are the article's.
 */
class QueueSeedTest {

    /** Workers drain a queue the boss filled before they started; each yields after a task. */
    @Test
    void threeWorkersDrainAPrefilledQueueRoundRobin() {
        Queue<Integer> tasks = new Queue<>();
        List<String> out = new ArrayList<>();
        Gevent.spawn(() -> {
                    for (int i = 1; i < 25; i++) {
                        tasks.putNowait(i);
                    }
                })
                .join();
        List<Greenlet<?>> workers = new ArrayList<>();
        for (String n : List.of("steve", "john", "nancy")) {
            workers.add(Gevent.spawn(() -> {
                while (!tasks.isEmpty()) {
                    int task = tasks.get();
                    out.add("Worker " + n + " got task " + task);
                    Gevent.sleep(0);
                }
                out.add("Quitting time!");
            }));
        }
        Gevent.joinAll(workers);

        List<String> expected = new ArrayList<>();
        List<String> names = List.of("steve", "john", "nancy");
        for (int task = 1; task < 25; task++) {
            expected.add("Worker " + names.get((task - 1) % 3) + " got task " + task);
        }
        expected.addAll(List.of("Quitting time!", "Quitting time!", "Quitting time!"));
        assertEquals(expected, out);
    }

    /** A boss fills a Queue(maxsize 3), blocking while it is full; workers get with a 1 s timeout. */
    @Test
    void bossBlocksOnAFullQueueAndWorkersQuitOnEmpty() {
        Queue<Integer> tasks = new Queue<>(3);
        List<String> out = new ArrayList<>();
        Greenlet<Void> boss = Gevent.spawn(() -> {
            for (int i = 1; i < 10; i++) {
                tasks.put(i);
            }
            out.add("Assigned all work in iteration 1");
            for (int i = 10; i < 20; i++) {
                tasks.put(i);
            }
            out.add("Assigned all work in iteration 2");
        });
        List<Greenlet<?>> all = new ArrayList<>(List.of(boss));
        for (String n : List.of("steve", "john", "bob")) {
            all.add(Gevent.spawn(() -> {
                try {
                    while (true) {
                        int task = tasks.get(Duration.ofSeconds(1));
                        out.add("Worker " + n + " got task " + task);
                        Gevent.sleep(0);
                    }
                } catch (Empty e) {
                    out.add("Quitting time!");
                }
            }));
        }
        Gevent.joinAll(all);

        List<String> expected = new ArrayList<>();
        List<String> names = List.of("steve", "john", "bob");
        for (int task = 1; task < 20; task++) {
            expected.add("Worker " + names.get((task - 1) % 3) + " got task " + task);
            if (task == 6) {
                expected.add("Assigned all work in iteration 1");
            } else if (task == 18) {
                expected.add("Assigned all work in iteration 2");
            }
        }
        expected.addAll(List.of("Quitting time!", "Quitting time!", "Quitting time!"));
        assertEquals(expected, out);
    }
}
