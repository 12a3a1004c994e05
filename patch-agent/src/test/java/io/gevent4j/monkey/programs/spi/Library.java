package io.gevent4j.monkey.programs.spi;

import java.io.IOException;

/** Stands for a third-party library: each method says on which thread it ran. */
public class Library {
    /** Where the last call ran. */
    public static volatile String ranOn = "";

    private final String name;

    public Library(String name) {
        this.name = name;
    }

    public static int twice(int x) {
        ranOn = here();
        return 2 * x;
    }

    public String greet(String whom) {
        ranOn = here();
        return name + " greets " + whom;
    }

    public void fail() throws IOException {
        ranOn = here();
        throw new IOException("boom from " + name);
    }

    public long next(long x) {
        ranOn = here();
        return x + 1;
    }

    public void check() throws Exception {
        ranOn = here();
    }

    private static String here() {
        Thread t = Thread.currentThread();
        return t.isVirtual() ? "greenlet" : t.getName().startsWith("gevent4j-threadpool-") ? "pool" : t.getName();
    }
}
