package io.gevent4j.monkey.programs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An unmodified program (no gevent4j in sight) that uses threads and pools the way programs do and
 * prints what it sees: run with {@code -javaagent:...=main} its output must be the JDK's own, line for
 * line, except "diag." lines (what kind of thread ran the work). Uncaught exceptions go to stderr.
 * args: sections to run (all when none).
 */
public final class ThreadSemanticsProgram {
    private static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();
    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();

    public static void main(String[] args) throws Exception {
        List<String> only = Arrays.asList(args);
        for (Section s : List.of(
                new Section("join", ThreadSemanticsProgram::join),
                new Section("interrupt", ThreadSemanticsProgram::interrupt),
                new Section("uncaught", ThreadSemanticsProgram::uncaught),
                new Section("identity", ThreadSemanticsProgram::identity),
                new Section("pools", ThreadSemanticsProgram::pools),
                new Section("shutdownNow", ThreadSemanticsProgram::shutdownNow),
                new Section("commonPool", ThreadSemanticsProgram::commonPool))) {
            if (only.isEmpty() || only.contains(s.name)) {
                s.body.run();
                flushEvents(s.name);
            }
        }
    }

    private record Section(String name, Body body) {}

    private interface Body {
        void run() throws Exception;
    }

    // ---- join, isAlive, getState ---------------------------------------------------------------

    private static void join() throws Exception {
        Thread t = new Thread(() -> sleep(600), "sleeper");
        print("join.new", t.getState() + " alive=" + t.isAlive());
        print("join.new.joinMillis", timed(() -> t.join(50)) < 50);
        print("join.new.joinDuration", attempt(() -> t.join(Duration.ofMillis(10))));
        t.start();
        long waited = timed(() -> t.join(150));
        print("join.timedOut", "alive=" + t.isAlive() + " waitedEnough=" + (waited >= 145));
        print("join.sleeping", t.getState());
        print("join.duration", t.join(Duration.ofMillis(50)) + " alive=" + t.isAlive());
        print("join.nanos", attemptRun(() -> t.join(10, 500)) + " alive=" + t.isAlive());
        print("join.negative", attemptRun(() -> t.join(-1)));
        // Joined from a thread that is not on any hub (Thread.ofPlatform().start: JDK code starts it).
        Thread platformJoiner = Thread.ofPlatform().start(() -> {
            try {
                t.join(20);
                EVENTS.add("platform thread: join(20) alive=" + t.isAlive());
                t.join();
                EVENTS.add("platform thread: joined alive=" + t.isAlive() + " state=" + t.getState());
            } catch (InterruptedException e) {
                EVENTS.add("platform thread interrupted");
            }
        });
        t.join();
        platformJoiner.join();
        print("join.done", t.getState() + " alive=" + t.isAlive());
        print("join.again", t.join(Duration.ofMillis(10)) + " immediate=" + (timed(() -> t.join(1000)) < 500));
        print("join.thread", t.toString().replaceAll("#\\d+", "#id"));
        print("join.restart", attemptRun(t::start));
        print("join.stackTraceAfter", t.getStackTrace().length);

        Thread running = new Thread(() -> sleep(300), "running");
        running.start();
        sleep(100);
        print("join.restartRunning", attemptRun(running::start));
        print(
                "join.stackTraceHasSleep",
                Arrays.stream(running.getStackTrace())
                        .anyMatch(e -> e.getClassName().equals("java.lang.Thread")
                                && e.getMethodName().equals("sleep")));
        print("join.setDaemonRunning", attemptRun(() -> running.setDaemon(true)));
        running.join();
    }

    // ---- interrupt ---------------------------------------------------------------------------------

    private static void interrupt() throws Exception {
        Thread sleeper = new Thread(
                () -> {
                    try {
                        Thread.sleep(10_000);
                        EVENTS.add("sleeper slept");
                    } catch (InterruptedException e) {
                        EVENTS.add("sleeper caught " + e.getClass().getName() + ": " + e.getMessage() + " flag="
                                + Thread.currentThread().isInterrupted());
                    }
                },
                "interruptee");
        sleeper.start();
        sleep(150);
        print("interrupt.sleeping", sleeper.getState() + " interrupted=" + sleeper.isInterrupted());
        sleeper.interrupt();
        sleeper.join();
        print("interrupt.after", sleeper.getState() + " interrupted=" + sleeper.isInterrupted());

        // A thread that joins another one is interrupted: join throws, the other runs on.
        Thread longRunner = new Thread(() -> sleep(400), "long-runner");
        Thread joiner = new Thread(
                () -> {
                    try {
                        longRunner.join();
                        EVENTS.add("joiner joined");
                    } catch (InterruptedException e) {
                        EVENTS.add("joiner caught " + e.getClass().getName() + ": " + e.getMessage() + " flag="
                                + Thread.currentThread().isInterrupted() + " other alive=" + longRunner.isAlive());
                    }
                },
                "joiner");
        longRunner.start();
        joiner.start();
        sleep(100);
        joiner.interrupt();
        joiner.join();
        longRunner.join();

        // Interrupted before it starts: it starts interrupted; the status outlives it.
        Thread early = new Thread(
                () -> EVENTS.add(
                        "early inside interrupted=" + Thread.currentThread().isInterrupted()),
                "early");
        early.interrupt();
        print("interrupt.beforeStart", early.isInterrupted());
        early.start();
        early.join();
        print("interrupt.earlyAfter", early.isInterrupted());

        // Interrupting itself through the program's Thread object (not currentThread()).
        Thread[] self = new Thread[1];
        CountDownLatch go = new CountDownLatch(1);
        self[0] = new Thread(
                () -> {
                    await(go);
                    self[0].interrupt();
                    EVENTS.add("self interrupted=" + Thread.interrupted() + " then=" + self[0].isInterrupted());
                },
                "self-interrupter");
        self[0].start();
        go.countDown();
        self[0].join();
    }

    // ---- uncaught exceptions -------------------------------------------------------------------

    private static void uncaught() throws Exception {
        Thread own = new Thread(
                () -> {
                    throw new IllegalStateException("boom own");
                },
                "thrower-own");
        own.setUncaughtExceptionHandler(
                (th, e) -> EVENTS.add("own handler thread=" + th.getName() + " same=" + (th == own) + " " + e));
        own.start();
        own.join();

        ThreadGroup group = new ThreadGroup("custom-group") {
            @Override
            public void uncaughtException(Thread th, Throwable e) {
                EVENTS.add("group handler " + getName() + " thread=" + th.getName() + " " + e);
            }
        };
        Thread grouped = new Thread(
                group,
                () -> {
                    throw new IllegalArgumentException("boom group");
                },
                "thrower-group");
        grouped.start();
        grouped.join();

        Thread.setDefaultUncaughtExceptionHandler(
                (th, e) -> EVENTS.add("default handler thread=" + th.getName() + " " + e));
        Thread dflt = new Thread(
                () -> {
                    throw new UnsupportedOperationException("boom default");
                },
                "thrower-default");
        dflt.start();
        dflt.join();
        Thread.setDefaultUncaughtExceptionHandler(null);

        Thread bare = new Thread(
                () -> {
                    throw new IllegalStateException("boom bare");
                },
                "thrower-bare");
        bare.start();
        bare.join();
        print("uncaught.bare", bare.getState() + " handlerAfter=" + bare.getUncaughtExceptionHandler());

        Thread error = new Thread(
                () -> {
                    throw new StackOverflowError("deep");
                },
                "thrower-error");
        error.setUncaughtExceptionHandler((th, e) -> EVENTS.add("error handler " + e));
        error.start();
        error.join();
    }

    // ---- names, daemon, groups, thread locals, subclasses ----------------------------------------

    private static void identity() throws Exception {
        CountDownLatch renamedOutside = new CountDownLatch(1);
        CountDownLatch renamedInside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread named = new Thread(
                () -> {
                    await(renamedOutside);
                    EVENTS.add("named sees " + Thread.currentThread().getName());
                    Thread.currentThread().setName("renamed-inside");
                    renamedInside.countDown();
                    await(finish);
                },
                "original");
        print(
                "identity.created",
                named.getName() + " daemon=" + named.isDaemon() + " group="
                        + named.getThreadGroup().getName() + " priority=" + named.getPriority());
        named.start();
        named.setName("renamed-outside");
        renamedOutside.countDown();
        await(renamedInside);
        print("identity.renamedInside", named.getName());
        finish.countDown();
        named.join();
        print("identity.finalName", named.getName());

        Thread daemon = new Thread(
                () -> {
                    Thread inner = new Thread(() -> {});
                    EVENTS.add("inside daemon: current daemon="
                            + Thread.currentThread().isDaemon()
                            + " group="
                            + Thread.currentThread().getThreadGroup().getName()
                            + "; made there: daemon=" + inner.isDaemon() + " group="
                            + inner.getThreadGroup().getName());
                },
                "daemon-parent");
        daemon.setDaemon(true);
        daemon.start();
        daemon.join();

        ThreadGroup custom = new ThreadGroup("custom");
        Thread inGroup = new Thread(
                custom,
                () -> {
                    Thread inner = new Thread(() -> {});
                    EVENTS.add("inside custom group: "
                            + Thread.currentThread().getThreadGroup().getName() + "; made there: "
                            + inner.getThreadGroup().getName());
                },
                "grouped");
        inGroup.start();
        inGroup.join();

        INHERITED.set("at-creation");
        LOCAL.set("main-only");
        Thread inherits = new Thread(
                () -> {
                    EVENTS.add("inherited=" + INHERITED.get() + " local=" + LOCAL.get());
                    INHERITED.set("changed-inside");
                },
                "inheritor");
        INHERITED.set("after-creation");
        inherits.start();
        inherits.join();
        print("identity.inheritedInMain", INHERITED.get());

        Thread subclass = new Thread("subclass") {
            @Override
            public void run() {
                EVENTS.add("subclass run: name=" + getName() + " alive=" + isAlive() + " state=" + getState());
            }
        };
        subclass.start();
        subclass.join();

        Thread ccl = new Thread(
                () -> EVENTS.add("context loader kept="
                        + (Thread.currentThread().getContextClassLoader()
                                == ThreadSemanticsProgram.class.getClassLoader())),
                "ccl");
        ccl.start();
        ccl.join();

        Thread waitOn = new Thread(() -> sleep(100), "waited-on");
        waitOn.start();
        synchronized (waitOn) {
            while (waitOn.isAlive()) {
                waitOn.wait(); // the JVM notifies a thread's object when it ends
            }
        }
        print("identity.waitOnThreadObject", waitOn.getState());

        ConcurrentHashMap<String, Boolean> diag = new ConcurrentHashMap<>();
        Thread probe =
                new Thread(() -> diag.put("virtual", Thread.currentThread().isVirtual()), "probe");
        probe.start();
        probe.join();
        print("diag.threadVirtual", diag.get("virtual"));
    }

    // ---- pools --------------------------------------------------------------------------------

    private static void pools() throws Exception {
        ConcurrentHashMap<String, Boolean> virtual = new ConcurrentHashMap<>();

        ExecutorService fixed = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            int n = i;
            results.add(fixed.submit(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                virtual.put("fixed", Thread.currentThread().isVirtual());
                sleep(50);
                running.decrementAndGet();
                return "task " + n;
            }));
        }
        List<String> got = new ArrayList<>();
        for (Future<String> f : results) {
            got.add(f.get());
        }
        print("pools.fixed", got + " maxRunning=" + maxRunning.get());
        Future<?> failing = fixed.submit(() -> {
            throw new IllegalStateException("task failed");
        });
        print("pools.failedFuture", attempt(failing::get));
        print(
                "pools.invokeAll",
                fixed.invokeAll(List.<Callable<String>>of(() -> "a", () -> "b")).stream()
                        .map(ThreadSemanticsProgram::value)
                        .toList());
        print("pools.invokeAny", fixed.invokeAny(List.<Callable<String>>of(() -> "any")));
        Future<String> slow = fixed.submit(() -> {
            sleep(2000);
            return "slow";
        });
        print("pools.getTimeout", attempt(() -> slow.get(50, TimeUnit.MILLISECONDS)));
        print("pools.cancel", slow.cancel(true) + " " + slow.isCancelled());
        fixed.shutdown();
        print("pools.fixedTerminated", fixed.awaitTermination(10, TimeUnit.SECONDS) + " " + fixed.isTerminated());
        print("pools.rejected", attempt(() -> fixed.submit(() -> "late")));

        // An exception thrown by execute()'s task kills the worker (the JVM reports it); the pool replaces it.
        ExecutorService single = Executors.newSingleThreadExecutor();
        single.execute(() -> {
            throw new IllegalStateException("boom in pool");
        });
        print(
                "pools.replacedWorker",
                single.submit(() -> Thread.currentThread().getName().replaceAll("pool-\\d+", "pool-N"))
                        .get());
        single.shutdown();
        single.awaitTermination(10, TimeUnit.SECONDS);

        ScheduledExecutorService scheduled = Executors.newScheduledThreadPool(1);
        long t0 = System.nanoTime();
        ScheduledFuture<String> later = scheduled.schedule(
                () -> {
                    virtual.put("scheduled", Thread.currentThread().isVirtual());
                    return "scheduled";
                },
                100,
                TimeUnit.MILLISECONDS);
        print("pools.scheduled", later.get() + " afterDelay=" + ((System.nanoTime() - t0) / 1_000_000 >= 95));
        CountDownLatch ticks = new CountDownLatch(3);
        ScheduledFuture<?> rate = scheduled.scheduleAtFixedRate(ticks::countDown, 0, 20, TimeUnit.MILLISECONDS);
        print("pools.fixedRate", ticks.await(10, TimeUnit.SECONDS));
        rate.cancel(false);
        scheduled.shutdown();
        print("pools.scheduledTerminated", scheduled.awaitTermination(10, TimeUnit.SECONDS));

        ExecutorService cached = Executors.newCachedThreadPool();
        print(
                "pools.cached",
                cached
                        .invokeAll(List.<Callable<String>>of(
                                () -> {
                                    virtual.put("cached", Thread.currentThread().isVirtual());
                                    return "c1";
                                },
                                () -> "c2",
                                () -> "c3"))
                        .stream()
                        .map(ThreadSemanticsProgram::value)
                        .toList());
        cached.shutdown();
        cached.awaitTermination(10, TimeUnit.SECONDS);

        ExecutorService stealing = Executors.newWorkStealingPool(4);
        print(
                "pools.workStealing",
                stealing
                        .invokeAll(List.<Callable<String>>of(
                                () -> {
                                    virtual.put(
                                            "workStealing",
                                            Thread.currentThread().isVirtual());
                                    return "w1";
                                },
                                () -> "w2"))
                        .stream()
                        .map(ThreadSemanticsProgram::value)
                        .toList());
        stealing.shutdown();
        print("pools.workStealingTerminated", stealing.awaitTermination(10, TimeUnit.SECONDS));

        ThreadPoolExecutor tpe = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        print(
                "pools.threadPoolExecutor",
                tpe.submit(() -> {
                            virtual.put(
                                    "threadPoolExecutor", Thread.currentThread().isVirtual());
                            return Thread.currentThread().getName().replaceAll("\\d+", "N") + " daemon="
                                    + Thread.currentThread().isDaemon();
                        })
                        .get());
        tpe.shutdown();
        tpe.awaitTermination(10, TimeUnit.SECONDS);

        Thread fromFactory = Executors.defaultThreadFactory()
                .newThread(() -> virtual.put("factory", Thread.currentThread().isVirtual()));
        print(
                "pools.factoryThread",
                fromFactory.getName().replaceAll("\\d+", "N") + " daemon=" + fromFactory.isDaemon() + " group="
                        + fromFactory.getThreadGroup().getName());
        fromFactory.start();
        fromFactory.join();
        print("diag.poolsVirtual", new java.util.TreeMap<>(virtual));
    }

    private static void shutdownNow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch started = new CountDownLatch(2);
        List<Future<String>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(pool.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                    return "slept";
                } catch (InterruptedException e) {
                    EVENTS.add("worker interrupted: " + e.getMessage() + " flag="
                            + Thread.currentThread().isInterrupted());
                    throw e;
                }
            }));
        }
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> "queued");
        }
        started.await();
        List<Runnable> pending = pool.shutdownNow();
        print("shutdownNow.pending", pending.size());
        print(
                "shutdownNow.terminated",
                pool.awaitTermination(10, TimeUnit.SECONDS) + " " + pool.isShutdown() + " " + pool.isTerminated());
        for (Future<String> f : running) {
            print("shutdownNow.future", attempt(f::get));
        }
        print("shutdownNow.rejected", attempt(() -> pool.submit(() -> "late")));
    }

    // ---- the common pool: CompletableFuture async methods, parallel streams -----------------------

    private static void commonPool() throws Exception {
        Thread caller = Thread.currentThread();
        print(
                "commonPool.async",
                CompletableFuture.supplyAsync(() -> "async")
                        .thenApplyAsync(s -> s + "+then")
                        .get());
        print(
                "commonPool.asyncOnPlatformThread",
                !CompletableFuture.supplyAsync(() -> Thread.currentThread().isVirtual())
                        .get());
        Flag helpers = new Flag();
        int sum = IntStream.range(0, 20_000)
                .parallel()
                .map(i -> {
                    if (Thread.currentThread() != caller) {
                        helpers.add(Thread.currentThread().isVirtual());
                    }
                    return i % 7;
                })
                .sum();
        print("commonPool.parallelSum", sum);
        print("commonPool.helpersOnPlatformThreads", !helpers.any());
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            sleep(200);
            return "slow";
        });
        print("commonPool.join", slow.join());
    }

    private static final class Flag {
        private volatile boolean any;

        void add(boolean virtual) {
            if (virtual) {
                any = true;
            }
        }

        boolean any() {
            return any;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    private static void flushEvents(String section) {
        List<String> copy;
        synchronized (EVENTS) {
            copy = new ArrayList<>(EVENTS);
            EVENTS.clear();
        }
        Collections.sort(copy);
        for (String e : copy) {
            System.out.println(section + ".event=" + e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long timed(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private interface Attempt {
        Object run() throws Exception;
    }

    private interface VoidAttempt {
        void run() throws Exception;
    }

    private static String attempt(Attempt a) {
        try {
            return "returned " + a.run();
        } catch (Exception e) {
            return describe(e);
        }
    }

    private static String attemptRun(VoidAttempt a) {
        try {
            a.run();
            return "returned";
        } catch (Exception e) {
            return describe(e);
        }
    }

    private static String describe(Throwable e) {
        String s = "threw " + e.getClass().getName() + ": " + e.getMessage();
        s = e.getCause() == null
                ? s
                : s + " caused by " + e.getCause().getClass().getName() + ": "
                        + e.getCause().getMessage();
        return s.replaceAll("\\$\\$Lambda/0x[0-9a-f]+", "\\$\\$Lambda").replaceAll("@[0-9a-f]+", "@hash");
    }

    private static String value(Future<String> f) {
        try {
            return f.get();
        } catch (Exception e) {
            return describe(e);
        }
    }
}
