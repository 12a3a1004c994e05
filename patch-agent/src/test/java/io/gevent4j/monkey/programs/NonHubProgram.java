package io.gevent4j.monkey.programs;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads started by code that is not running on a hub: from a plain platform thread, or through
 * {@code Thread.ofPlatform().start(...)} (JDK code starting it), or by the JDK for itself
 * ({@code java.util.Timer}). No gevent4j in sight. Prints whether each ran on a virtual thread;
 * "main." lines depend on whether main itself runs on a hub.
 */
public final class NonHubProgram {
    public static void main(String[] args) throws Exception {
        System.out.println("main.plainThread.virtual=" + ranVirtual(new Thread(NonHubProgram::nothing)));
        // A thread the JDK starts for itself: java.util.Timer's.
        Timer jdkTimer = new Timer("jdk-timer");
        CompletableFuture<Boolean> onTimer = new CompletableFuture<>();
        jdkTimer.schedule(
                new TimerTask() {
                    @Override
                    public void run() {
                        onTimer.complete(Thread.currentThread().isVirtual());
                    }
                },
                10);
        System.out.println("jdk.timer.virtual=" + onTimer.get());
        jdkTimer.cancel();
        Thread platform = Thread.ofPlatform().start(() -> {
            try {
                System.out.println("builder.virtual=" + Thread.currentThread().isVirtual());
                System.out.println("builder.nestedThread.virtual=" + ranVirtual(new Thread(NonHubProgram::nothing)));
                ExecutorService pool = Executors.newFixedThreadPool(2);
                System.out.println("builder.pool.virtual="
                        + pool.submit(() -> Thread.currentThread().isVirtual()).get());
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.SECONDS);
                Thread timer = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                timer.start();
                timer.join();
                System.out.println("builder.joinedThread=" + timer.getState());
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        platform.join();
    }

    private static void nothing() {}

    private static boolean ranVirtual(Thread t) throws InterruptedException {
        AtomicBoolean virtual = new AtomicBoolean();
        Thread probe = new Thread(() -> virtual.set(Thread.currentThread().isVirtual()));
        probe.start();
        probe.join();
        t.start();
        t.join();
        return virtual.get();
    }
}
