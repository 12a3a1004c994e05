package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.time.Duration;

/** args: n, L. Greenlets call every Thread.sleep overload; then the hub's own thread sleeps. */
public final class SleepProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 100);
        int l = Harness.intArg(args, 1, 500);
        Harness.run(n, i -> {
            switch (i % 3) {
                case 0 -> Thread.sleep(l);
                case 1 -> Thread.sleep(l, 999);
                default -> Thread.sleep(Duration.ofMillis(l));
            }
            return "slept";
        });
        // gevent's patched time.sleep on the main greenlet: the hub runs while the main thread sleeps.
        Greenlet<String> g = Gevent.spawn(() -> "ran");
        long t0 = System.nanoTime();
        Thread.sleep(l);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("hubThreadSleepRanTask=" + g.isDead());
        System.out.println("hubThreadSleptEnough=" + (ms >= l - 1));
        System.out.println("negative="
                + Gevent.run(() -> {
                    try {
                        Thread.sleep(-1);
                        return "no exception";
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }));
        System.out.println("nanosRange="
                + Gevent.run(() -> {
                    try {
                        Thread.sleep(1, 1_000_000);
                        return "no exception";
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }));
        Gevent.run(() -> Thread.sleep(Duration.ofMillis(-5)));
        System.out.println("negativeDuration=noop");
        String interrupted = Gevent.run(() -> {
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(10);
                return "not interrupted";
            } catch (InterruptedException e) {
                return "InterruptedException, flag now "
                        + Thread.currentThread().isInterrupted();
            }
        });
        System.out.println("interrupt=" + interrupted);
    }
}
