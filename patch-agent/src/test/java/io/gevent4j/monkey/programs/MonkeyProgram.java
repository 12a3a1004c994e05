package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.monkey.Monkey;

/** Patches late, from code: Thread.sleep is used (so java.lang.Thread is loaded and run) before patchAll. */
public final class MonkeyProgram {
    public static void main(String[] args) throws Exception {
        Thread.sleep(1);
        System.out.println("before=" + Monkey.isPatched("time"));
        Monkey.patchAll(args.length > 0 ? args[0] : null);
        Monkey.patchAll(args.length > 0 ? args[0] : null); // idempotent
        System.out.println("patched=" + Monkey.patched());
        Greenlet<String> g = Gevent.spawn(() -> "ran");
        Thread.sleep(200);
        System.out.println("hubThreadSleepRanTask=" + g.isDead());
    }
}
