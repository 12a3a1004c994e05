package io.gevent4j.event;

import io.gevent4j.Waitable;
import io.gevent4j.internal.wait.Readiness;

/** The {@link Waitable} side of {@link Event} and {@link AsyncResult}: both become ready once, or again after a reset. */
abstract class Readied implements Waitable {
    final Readiness readiness = new Readiness(this);

    Readied() {}

    @Override
    public boolean isReady() {
        return readiness.isReady();
    }

    /**
     * Registers {@code callback} to run once when this becomes ready, on the thread that makes it ready
     * (at once, on this thread, if it is ready now).
     */
    @Override
    public void rawlink(Runnable callback) {
        readiness.rawlink(callback);
    }

    @Override
    public boolean unlink(Runnable callback) {
        return readiness.unlink(callback);
    }
}
