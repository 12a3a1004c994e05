package io.gevent4j.compat.child;

/** A class whose static initialiser blocks for {@code compat.l} ms (see {@link ClinitCase}). */
public final class SlowInit {
    static {
        try {
            Thread.sleep(Long.getLong("compat.l"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SlowInit() {}
}
