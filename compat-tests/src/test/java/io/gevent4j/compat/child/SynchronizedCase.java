package io.gevent4j.compat.child;

/**
 * Blocking inside {@code synchronized}, contended: greenlets 2k and 2k+1 share a monitor; 2k takes it
 * and sleeps L ms inside, 2k+1 (started right after) blocks entering it until 2k leaves.
 */
public final class SynchronizedCase extends Case {
    private Object[] monitors;

    @Override
    protected void setUp() {
        monitors = new Object[ctx.n() / 2 + 1];
        for (int i = 0; i < monitors.length; i++) {
            monitors[i] = new Object();
        }
    }

    @Override
    public String call(int i) throws Exception {
        Object m = monitors[i / 2];
        long t0 = System.nanoTime();
        synchronized (m) {
            if (i % 2 == 0) {
                Thread.sleep(ctx.l());
                return "held " + i;
            }
        }
        boolean waited = System.nanoTime() - t0 >= ctx.l() * 800_000L;
        return "entered " + i + " after the holder left: " + waited;
    }
}
