package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * args: n. Greenlets start long-lived processes and are killed at random while the start runs on the
 * thread pool. Prints how many starts were delivered and how many raised, then, once the delivered
 * processes are destroyed, how many child processes and descriptors are left over.
 */
public final class AbandonedProcessProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 200);
        long fdsBefore = descriptors();
        ConcurrentLinkedQueue<Process> delivered = new ConcurrentLinkedQueue<>();
        AtomicInteger raised = new AtomicInteger();
        Random random = new Random(7);
        List<Greenlet<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Greenlet<?> g = Gevent.spawn(() -> {
                try {
                    delivered.add(new ProcessBuilder("sleep", "60").start());
                } catch (GreenletExit e) {
                    raised.incrementAndGet();
                    throw e;
                }
            });
            all.add(g);
            Gevent.sleep(Duration.ofNanos(random.nextInt(3_000_000)));
            g.killAsync();
        }
        Gevent.joinAll(all);
        for (Process p : delivered) {
            p.destroyForcibly();
            p.getOutputStream().close();
            p.getInputStream().close();
            p.getErrorStream().close();
            p.waitFor();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.current().children().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50); // abandoned starts still running release their process when they end
        }
        System.out.println("delivered=" + delivered.size() + " raised=" + raised.get());
        System.out.println("children=" + ProcessHandle.current().children().count());
        System.out.println("descriptorsGrown=" + (descriptors() - fdsBefore));
    }

    private static long descriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
