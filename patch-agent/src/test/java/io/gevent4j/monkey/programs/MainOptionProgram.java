package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;

/** Knows nothing of the agent; with -javaagent:...=main its main runs as the root greenlet. */
public final class MainOptionProgram {
    public static void main(String[] args) throws Exception {
        System.out.println("mainInGreenlet=" + (Gevent.getCurrent() != null));
        System.out.println("args=" + String.join(",", args));
        if (Gevent.getCurrent() != null) {
            Greenlet<String> g = Gevent.spawn(() -> "ran");
            Thread.sleep(100);
            System.out.println("sleepRanOtherGreenlet=" + g.isDead());
        }
        if (args.length > 0 && args[0].equals("fail")) {
            throw new IllegalStateException("boom from main");
        }
    }
}
