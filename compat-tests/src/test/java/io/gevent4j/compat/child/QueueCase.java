package io.gevent4j.compat.child;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code java.util.concurrent} queues, by index mod 3: {@code LinkedBlockingQueue.take} (a platform
 * thread puts L ms later), {@code ArrayBlockingQueue.poll(L)} (times out), {@code SynchronousQueue.take}
 * (a platform thread hands an item over L ms later).
 */
public final class QueueCase extends Case {

    @Override
    protected void setUp() {
        ctx.peer();
    }

    @Override
    public String call(int i) throws Exception {
        switch (i % 3) {
            case 0 -> {
                BlockingQueue<String> q = new LinkedBlockingQueue<>();
                ctx.later(() -> q.put("item " + i));
                return "take " + q.take();
            }
            case 1 -> {
                BlockingQueue<String> q = new ArrayBlockingQueue<>(1);
                return "poll " + q.poll(ctx.l(), TimeUnit.MILLISECONDS);
            }
            default -> {
                SynchronousQueue<String> q = new SynchronousQueue<>();
                ctx.later(() -> q.offer("handed " + i, 30, TimeUnit.SECONDS));
                return "take " + q.take();
            }
        }
    }
}
