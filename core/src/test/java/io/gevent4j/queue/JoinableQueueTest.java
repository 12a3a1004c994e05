package io.gevent4j.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.testkit.Foreign;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinableQueueTest {

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        assertTrue(q.join(Duration.ZERO), "nothing put yet");
        List<Integer> handled = new ArrayList<>();
        List<Greenlet<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(Gevent.spawn(() -> {
                while (true) {
                    int item = q.get();
                    Gevent.sleep(5);
                    handled.add(item);
                    q.taskDone();
                }
            }));
        }
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        assertEquals(10, q.unfinishedTasks());
        q.join();
        assertEquals(0, q.unfinishedTasks());
        Collections.sort(handled);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), handled);
        Gevent.killAll(workers);
    }

    @Test
    void joinTimesOutWhileTasksArePendingAndTaskDoneCannotOvershoot() {
        JoinableQueue<String> q = new JoinableQueue<>(1);
        q.put("a");
        long waited = Foreign.millis(() -> assertFalse(q.join(Duration.ofMillis(100))));
        assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");
        q.get();
        assertEquals(1, q.unfinishedTasks(), "got but not done");
        q.taskDone();
        assertTrue(q.join(Duration.ZERO));
        assertThrows(IllegalStateException.class, q::taskDone);
        assertThrows(Full.class, () -> {
            q.put("b");
            q.put("c", Duration.ofMillis(10));
        });
        assertEquals(1, q.unfinishedTasks(), "a put that timed out counts for nothing");
    }

    @Test
    void anotherThreadsTaskDoneReleasesAJoinOnTheHub() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("job");
        Foreign worker = Foreign.start("worker", () -> {
            q.get(Duration.ofSeconds(20));
            Thread.sleep(30);
            q.taskDone();
        });
        assertTrue(q.join(Duration.ofSeconds(20)));
        worker.finish();
    }
}
