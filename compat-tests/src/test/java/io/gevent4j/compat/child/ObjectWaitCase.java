package io.gevent4j.compat.child;

/**
 * {@code Object.wait} inside {@code synchronized}: even greenlets wait until a platform thread notifies
 * them L ms later (it must take the monitor to do so), odd ones {@code wait(L)} until the timeout.
 */
public final class ObjectWaitCase extends Case {
    private Object[] monitors;
    private boolean[] done;

    @Override
    protected void setUp() {
        monitors = new Object[ctx.n() + 1];
        done = new boolean[ctx.n() + 1];
        for (int i = 0; i < monitors.length; i++) {
            monitors[i] = new Object();
        }
        ctx.peer();
    }

    @Override
    public String call(int i) throws Exception {
        Object m = monitors[i];
        synchronized (m) {
            if (i % 2 == 1) {
                m.wait(ctx.l());
                return "waited " + i;
            }
            ctx.later(() -> {
                synchronized (m) {
                    done[i] = true;
                    m.notifyAll();
                }
            });
            while (!done[i]) {
                m.wait();
            }
            return "notified " + i;
        }
    }
}
