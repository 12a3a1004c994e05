package io.gevent4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Watches several {@link Waitable}s and hands them out in the order they become ready: the engine
 * of {@link Gevent#wait}, {@link Gevent#iwait} and {@link Gevent#joinAll}. Used by one strand.
 */
final class WaitSet<W extends Waitable> implements AutoCloseable {
    private final List<W> objects;
    private final List<Runnable> callbacks;
    /** Guarded by {@code this}: objects that became ready and were not handed out yet, in order. */
    private final ArrayDeque<W> arrived = new ArrayDeque<>();
    /** Guarded by {@code this}: the waiter of the call to {@link #next} now waiting, if any. */
    private Waiter waiter;

    WaitSet(Collection<? extends W> objects) {
        Objects.requireNonNull(objects, "objects");
        this.objects = new ArrayList<>(objects);
        this.callbacks = new ArrayList<>(this.objects.size());
        for (W o : this.objects) {
            Objects.requireNonNull(o, "objects contains null");
        }
        for (W o : this.objects) {
            Runnable callback = () -> arrive(o);
            callbacks.add(callback);
            o.rawlink(callback);
        }
    }

    int size() {
        return objects.size();
    }

    private void arrive(W o) {
        Waiter w;
        synchronized (this) {
            arrived.add(o);
            w = waiter;
        }
        if (w != null) {
            w.wake();
        }
    }

    /** The next object to become ready, or null when {@code deadline} passes first. */
    W next(long deadline) {
        while (true) {
            Waiter w;
            synchronized (this) {
                W o = arrived.poll();
                if (o != null) {
                    return o;
                }
                w = waiter = new Waiter();
            }
            boolean woken;
            try {
                woken = w.awaitUntil(deadline);
            } finally {
                synchronized (this) {
                    waiter = null;
                }
            }
            if (!woken) {
                synchronized (this) {
                    return arrived.poll();
                }
            }
        }
    }

    /** Stops watching; objects that become ready later are not recorded. */
    @Override
    public void close() {
        for (int i = 0; i < objects.size(); i++) {
            objects.get(i).unlink(callbacks.get(i));
        }
    }
}
