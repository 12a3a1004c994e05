package io.gevent4j.compat.child;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code java.util.concurrent} locks, by index mod 4: {@code Condition.await} signalled by a platform
 * thread L ms later, {@code Semaphore.acquire} released then, {@code CountDownLatch.await} counted down
 * then, and {@code ReentrantLock.tryLock(L)} on a lock the main (hub) thread holds, which times out.
 */
public final class LockCase extends Case {
    private final ReentrantLock held = new ReentrantLock();

    @Override
    protected void setUp() {
        ctx.peer();
        held.lock(); // by the main thread, until close()
    }

    @Override
    public String call(int i) throws Exception {
        switch (i % 4) {
            case 0 -> {
                ReentrantLock lock = new ReentrantLock();
                Condition signalled = lock.newCondition();
                boolean[] flag = new boolean[1];
                lock.lock();
                try {
                    ctx.later(() -> {
                        lock.lock();
                        try {
                            flag[0] = true;
                            signalled.signal();
                        } finally {
                            lock.unlock();
                        }
                    });
                    while (!flag[0]) {
                        signalled.await();
                    }
                    return "signalled " + i;
                } finally {
                    lock.unlock();
                }
            }
            case 1 -> {
                Semaphore s = new Semaphore(0);
                ctx.later(s::release);
                s.acquire();
                return "acquired " + i;
            }
            case 2 -> {
                CountDownLatch latch = new CountDownLatch(1);
                ctx.later(latch::countDown);
                latch.await();
                return "counted down " + i;
            }
            default -> {
                return "tryLock " + held.tryLock(ctx.l(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    protected void close() {
        held.unlock();
    }
}
