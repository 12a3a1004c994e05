package io.gevent4j.compat.child;

import java.io.InputStream;

/**
 * Blocking inside a class initialiser: each greenlet defines {@link SlowInit} in a class loader of its
 * own and initialises it, so its {@code <clinit>} (a {@code Thread.sleep(L)}) runs in that greenlet.
 */
public final class ClinitCase extends Case {
    private byte[] bytes;

    @Override
    protected void setUp() throws Exception {
        try (InputStream in = SlowInit.class.getResourceAsStream("SlowInit.class")) {
            bytes = in.readAllBytes();
        }
    }

    @Override
    public String call(int i) throws Exception {
        Class<?> c = new OneClass().define(SlowInit.class.getName(), bytes);
        Class.forName(c.getName(), true, c.getClassLoader());
        return "initialised " + i;
    }

    /** A loader holding one class, so every greenlet initialises its own copy. */
    private static final class OneClass extends ClassLoader {
        OneClass() {
            super(ClassLoader.getPlatformClassLoader());
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }
}
