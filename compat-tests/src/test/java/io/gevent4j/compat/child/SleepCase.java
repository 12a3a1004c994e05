package io.gevent4j.compat.child;

/** {@code Thread.sleep(L)}. */
public final class SleepCase extends Case {
    @Override
    public String call(int i) throws Exception {
        Thread.sleep(ctx.l());
        return "slept " + i;
    }
}
