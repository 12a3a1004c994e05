package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.monkey.Monkey;
import io.gevent4j.monkey.programs.excluded.Starter;
import java.util.ArrayList;
import java.util.List;

/**
 * args: [options for Monkey.patchAll]. In a greenlet, starts three threads that spin until a greenlet of
 * the hub sets a flag (so an excluded thread, a platform thread, runs while the hub does; a converted
 * one would hold the hub and give up after 5 s): one from class {@link Starter} (its own package), one
 * running a {@link Spinner}, one named "spin-1"; and a plain one that does not spin. Prints per thread
 * "label virtual=... [sawFlag=...]", sorted.
 */
public final class ThreadExcludeProgram {
    private static volatile boolean flag;

    /** A busy-waiting task, excluded by its class name. */
    public static final class Spinner implements Runnable {
        private final String label;
        private final List<String> out;
        private final boolean spin;

        Spinner(String label, List<String> out, boolean spin) {
            this.label = label;
            this.out = out;
            this.spin = spin;
        }

        @Override
        public void run() {
            boolean virtual = Thread.currentThread().isVirtual();
            long until = System.nanoTime() + 5_000_000_000L;
            while (spin && !flag && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            synchronized (out) {
                out.add(label + " virtual=" + virtual + (spin ? " sawFlag=" + flag : ""));
            }
        }
    }

    /** The same task, under a class name nobody excludes. */
    private static Runnable plain(String label, List<String> out, boolean spin) {
        Spinner s = new Spinner(label, out, spin);
        return () -> s.run();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            Monkey.patchAll(args[0]);
        }
        List<String> out = new ArrayList<>();
        Gevent.run(() -> {
            List<Thread> threads = new ArrayList<>();
            threads.add(Starter.start(plain("package", out, true)));
            Thread bySpinner = new Thread(new Spinner("runnable", out, true));
            bySpinner.start();
            threads.add(bySpinner);
            Thread byName = new Thread(plain("name", out, true), "spin-1");
            byName.start();
            threads.add(byName);
            Gevent.spawn(() -> {
                Thread.sleep(100);
                flag = true;
                return null;
            });
            // A converted thread would hold the hub if it spun: it only says what it is.
            Thread converted = new Thread(plain("converted", out, false));
            converted.start();
            threads.add(converted);
            for (Thread t : threads) {
                t.join();
            }
            return null;
        });
        out.stream().sorted().forEach(System.out::println);
    }
}
