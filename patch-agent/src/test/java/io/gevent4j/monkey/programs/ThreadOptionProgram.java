package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.monkey.Monkey;

/**
 * Monkey.patchAll(args[0] or all), then starts a thread in a greenlet: was it converted? Then from
 * main's own (hub) thread: a joined thread, and one still running when main returns.
 */
public final class ThreadOptionProgram {
    public static void main(String[] args) throws Exception {
        Monkey.patchAll(args.length > 0 ? args[0] : null);
        System.out.println("patched=" + Monkey.patched());
        boolean[] virtual = new boolean[1];
        Gevent.run(() -> {
            Thread t = new Thread(() -> virtual[0] = Thread.currentThread().isVirtual());
            t.start();
            t.join();
        });
        System.out.println("converted=" + virtual[0]);
        // main's platform thread now has a hub: threads it starts convert, and its waits run the hub.
        boolean[] fromRoot = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            fromRoot[0] = Thread.currentThread().isVirtual();
        });
        t.start();
        t.join();
        System.out.println("rootJoined=" + fromRoot[0] + " alive=" + t.isAlive());
        // A non-daemon thread still running when main returns keeps main's hub running (Thread.exit).
        new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.out.println("late=" + Thread.currentThread().isVirtual());
                })
                .start();
        System.out.println("mainReturns");
    }
}
