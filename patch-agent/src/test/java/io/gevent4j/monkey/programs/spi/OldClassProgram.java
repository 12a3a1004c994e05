package io.gevent4j.monkey.programs.spi;

import io.gevent4j.Gevent;
import io.gevent4j.monkey.Monkey;

/** Calls {@code old.Old.get()} in a greenlet: the class must load and run, patched or not. */
public final class OldClassProgram {
    public static void main(String[] args) throws Exception {
        System.out.println("patched=" + Monkey.patched());
        System.out.println("get="
                + Gevent.run(() -> Class.forName("old.Old").getMethod("get").invoke(null)));
    }
}
