package io.gevent4j.monkey.programs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An unmodified program (no gevent4j in sight) whose exit depends on its threads being daemon or not.
 * args: mode. Under {@code -javaagent:...=main} it must print the same and exit when the JDK would.
 */
public final class ExitProgram {
    public static void main(String[] args) {
        switch (args[0]) {
            case "nonDaemon" ->
                new Thread(() -> {
                            sleep(300);
                            System.out.println("worker done");
                        })
                        .start();
            case "daemon" -> {
                Thread t = new Thread(() -> {
                    sleep(10_000);
                    System.out.println("daemon done");
                });
                t.setDaemon(true);
                t.start();
                Thread quick = new Thread(() -> {
                    sleep(200);
                    System.out.println("non-daemon done");
                });
                quick.start();
            }
            case "pool" -> {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                pool.submit(() -> {
                    sleep(300);
                    System.out.println("task done");
                });
                pool.shutdown();
            }
            case "nested" ->
                new Thread(() -> {
                            sleep(200);
                            new Thread(() -> {
                                        sleep(300);
                                        System.out.println("inner done");
                                    })
                                    .start();
                            System.out.println("outer done");
                        })
                        .start();
            case "throws" -> {
                new Thread(() -> {
                            sleep(300);
                            System.out.println("worker done");
                        })
                        .start();
                throw new IllegalStateException("main failed");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("main done");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
