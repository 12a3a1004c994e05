package io.gevent4j;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a fresh JVM by {@link HubTest}'s LoopExit tests, one scenario each ({@code args[0]}), and
 * prints what the main thread's hub concluded. An idle hub raises {@link LoopExit} only when no other
 * live non-daemon thread could wake it; JUnit keeps non-daemon threads of its own alive while a test
 * runs (the one that waits for the test's thread, the timeout watcher), so inside the test JVM the hub
 * could never conclude that and these scenarios would prove nothing.
 */
public final class LoopExitProgram {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "waitingOnNothing" -> {
                Greenlet<Void> g = Gevent.spawn(() -> new Waiter().await());
                try {
                    g.join();
                    System.out.println("joined without LoopExit");
                } catch (LoopExit e) {
                    System.out.println("loopExit=" + e.getMessage());
                }
                g.kill();
                System.out.println("dead=" + g.isDead());
            }
            case "nonDaemonWaker" -> {
                AtomicReference<Waiter> waiter = new AtomicReference<>();
                CountDownLatch registered = new CountDownLatch(1);
                Greenlet<String> g = Gevent.spawn(() -> {
                    Waiter w = new Waiter();
                    waiter.set(w);
                    registered.countDown();
                    w.await();
                    return "woken";
                });
                Thread waker = new Thread(() -> {
                    try {
                        registered.await();
                        Thread.sleep(800); // longer than the LoopExit grace
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    waiter.get().wake();
                });
                waker.start();
                System.out.println("result=" + g.get());
                waker.join();
            }
            case "keepAliveDaemonWaker" -> {
                Hub hub = Hub.current();
                AtomicReference<Waiter> waiter = new AtomicReference<>();
                Greenlet<String> g = Gevent.spawn(() -> {
                    Waiter w = new Waiter();
                    waiter.set(w);
                    w.await();
                    return "woken";
                });
                try (Hub.KeepAlive ignored = hub.keepAlive()) {
                    Thread waker = Thread.ofPlatform().daemon().start(() -> {
                        while (waiter.get() == null) {
                            Thread.onSpinWait();
                        }
                        try {
                            Thread.sleep(800);
                        } catch (InterruptedException e) {
                            return;
                        }
                        waiter.get().wake();
                    });
                    System.out.println("result=" + g.get());
                    waker.join();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
