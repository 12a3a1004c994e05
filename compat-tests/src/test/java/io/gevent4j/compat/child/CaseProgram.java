package io.gevent4j.compat.child;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.threadpool.ThreadPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The forked program: {@code java [mode flags] -Dcompat.n=N -Dcompat.l=L -Dcompat.mode=M CaseProgram <case class>}.
 * Mode {@code monkey} calls {@code Monkey.patchAll()} first; {@code plain} and {@code agent} change
 * nothing here (the agent, if any, came with {@code -javaagent}).
 *
 * <p>Prints {@code key=value} lines: {@code elapsedMs} (N greenlets from spawn to the last one done),
 * {@code maxStallMs} (longest gap seen by a greenlet ticking every 5 ms on the same hub: how long the
 * hub thread was held), {@code maxRunning} and {@code carriers} (greenlets running at once, and the
 * threads they ran on), the descriptor and platform-thread counts before and after, one
 * {@code result i=} line per greenlet, and {@code warmup=}.
 */
public final class CaseProgram {
    /**
     * Process-wide thread caches that the code under test cannot stop and that retire their idle threads
     * after 60 s by themselves: the JDK's process reapers and OkHttp's task runner. Not counted as leaks.
     */
    static final Set<String> RETIRING_THREADS = Set.of("process reaper", "OkHttp TaskRunner");
    /** Exit status when a phase does not end in time (the hub is stuck). */
    public static final int HUNG = 98;

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    private static final Set<String> CARRIERS = new ConcurrentSkipListSet<>();

    private CaseProgram() {}

    public static void main(String[] args) throws Exception {
        Ctx ctx = Ctx.fromSystemProperties();
        Watchdog watchdog = new Watchdog(Thread.currentThread());
        watchdog.phase("opening the case", 60_000);
        if (ctx.mode().equals("monkey")) {
            // Reflectively: without the agent jar on the class path (plain mode) the class is absent.
            Class.forName("io.gevent4j.monkey.Monkey").getMethod("patchAll").invoke(null);
        }
        Case c = (Case) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        c.open(ctx);
        watchdog.phase("the warm-up call", 5_000 + 10L * ctx.l());
        String warmUp = Gevent.run(c::warmUp);
        // The JDK starts its timer thread for virtual threads' timed parks on first use: start it before counting.
        Gevent.run(() -> java.util.concurrent.locks.LockSupport.parkNanos(1_000_000));

        int fdsBefore = descriptors();
        Map<Long, String> threadsBefore = platformThreads();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong maxGap = new AtomicLong();
        Greenlet<Void> ticker = Gevent.spawn(() -> {
            long last = System.nanoTime();
            while (!stop.get()) {
                Gevent.sleep(5);
                long now = System.nanoTime();
                maxGap.accumulateAndGet(now - last, Math::max);
                last = now;
            }
        });
        watchdog.phase("the measured run", 10_000 + 2L * ctx.n() * ctx.l());
        long t0 = System.nanoTime();
        List<Greenlet<String>> all = new ArrayList<>();
        for (int i = 0; i < ctx.n(); i++) {
            all.add(Gevent.spawn(observed(c, i)));
        }
        Gevent.joinAll(all);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        Gevent.joinAll(List.of(ticker));

        watchdog.phase("closing the case", 30_000);
        c.close();
        ctx.close();
        ThreadPool.current().close(); // the hub's pool (the agent's offloaded reads) keeps idle threads 60 s
        int fdsAfter;
        List<String> newThreads;
        long settle = System.nanoTime() + 10_000_000_000L;
        while (true) {
            fdsAfter = descriptors();
            newThreads = newThreads(threadsBefore);
            if ((fdsAfter <= fdsBefore && newThreads.isEmpty()) || System.nanoTime() > settle) {
                break;
            }
            Thread.sleep(50);
        }

        StringBuilder out = new StringBuilder();
        out.append("elapsedMs=").append(elapsed / 1_000_000).append('\n');
        out.append("maxStallMs=").append(maxGap.get() / 1_000_000).append('\n');
        out.append("maxRunning=").append(MAX_RUNNING.get()).append('\n');
        out.append("carriers=").append(String.join(",", CARRIERS)).append('\n');
        out.append("hubThread=").append(Thread.currentThread().getName()).append('\n');
        out.append("fds=").append(fdsBefore).append(' ').append(fdsAfter).append('\n');
        out.append("threads=")
                .append(threadsBefore.size())
                .append(' ')
                .append(platformThreads().size())
                .append('\n');
        out.append("retiringThreads=").append(retiring()).append('\n');
        out.append("newThreads=").append(newThreads).append('\n');
        out.append("warmup=").append(oneLine(warmUp)).append('\n');
        List<String> results = new ArrayList<>();
        for (Greenlet<String> g : all) {
            results.add(oneLine(g.get()));
        }
        if (!c.ordered()) {
            results.sort(null);
        }
        for (int i = 0; i < results.size(); i++) {
            out.append("result ").append(i).append('=').append(results.get(i)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
        watchdog.phase("exiting", 10_000);
        // Daemon peers may still be parked; the JVM's exit code is what the parent reads.
        System.exit(0);
    }

    /**
     * Ends the program with {@link #HUNG} and the hub thread's stack when a phase overruns its deadline,
     * so a hub that can never wake up again costs seconds, not the parent's time-out.
     */
    private static final class Watchdog {
        private final Thread hub;
        private volatile String phase = "";
        private volatile long millis;
        private volatile long deadline = Long.MAX_VALUE;

        Watchdog(Thread hub) {
            this.hub = hub;
            Thread t = new Thread(this::watch, "compat-watchdog");
            t.setDaemon(true);
            t.start();
        }

        void phase(String name, long millis) {
            phase = name;
            this.millis = millis;
            deadline = System.nanoTime() + millis * 1_000_000;
        }

        private void watch() {
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            StringBuilder msg = new StringBuilder("hung: " + phase + " did not end within " + millis / 1000 + " s\n");
            msg.append("the hub thread (")
                    .append(hub.getName())
                    .append(", ")
                    .append(hub.getState())
                    .append("):\n");
            for (StackTraceElement e : hub.getStackTrace()) {
                msg.append("\tat ").append(e).append('\n');
            }
            msg.append("greenlets:\n").append(Gevent.dump());
            System.err.print(msg);
            System.err.flush();
            Runtime.getRuntime().halt(HUNG);
        }
    }

    /**
     * Greenlet {@code i}'s body: the call, with the stretches where this greenlet runs (before the call
     * and after it returns) counted and their carrier thread recorded.
     */
    private static Callable<String> observed(Case c, int i) {
        return () -> {
            enter();
            leave();
            String result;
            try {
                result = c.call(i);
            } catch (Throwable e) {
                result = "threw " + e;
            }
            enter();
            leave();
            return result;
        };
    }

    /** A greenlet starts running (after spawn, or after its blocking call returned). */
    private static void enter() {
        MAX_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        // A mounted virtual thread prints as "VirtualThread[#id]/runnable@<carrier name>".
        String self = Thread.currentThread().toString();
        CARRIERS.add(self.substring(self.lastIndexOf('@') + 1));
    }

    private static void leave() {
        RUNNING.decrementAndGet();
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static int descriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** Live platform threads (virtual ones are not listed by the JDK), less the {@link #RETIRING_THREADS}. */
    private static Map<Long, String> platformThreads() {
        Map<Long, String> all = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !RETIRING_THREADS.contains(t.getName())) {
                all.put(t.threadId(), t.getName());
            }
        }
        return all;
    }

    private static long retiring() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && RETIRING_THREADS.contains(t.getName()))
                .count();
    }

    private static List<String> newThreads(Map<Long, String> before) {
        Set<String> added = new TreeSet<>();
        platformThreads().forEach((id, name) -> {
            if (!before.containsKey(id)) {
                added.add(name);
            }
        });
        return new ArrayList<>(added);
    }
}
