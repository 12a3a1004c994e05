package io.gevent4j;

import io.gevent4j.jfr.GreenletFinishEvent;
import io.gevent4j.jfr.GreenletSpawnEvent;
import io.gevent4j.jfr.Jfr;

/** Emits a greenlet's JFR events; each costs a flag check when no recording wants it (none before JFR starts). */
final class GreenletEvents {
    private GreenletEvents() {}

    static void spawned(Greenlet<?> g) {
        if (!Jfr.started()) {
            return;
        }
        GreenletSpawnEvent e = new GreenletSpawnEvent();
        if (e.shouldCommit()) {
            e.greenletId = g.id();
            e.greenlet = g.name();
            e.parentId = g.parentId();
            e.hub = g.hub().thread().getName();
            e.commit();
        }
    }

    static void finished(Greenlet<?> g, boolean killed, Throwable failure) {
        if (!Jfr.started()) {
            return;
        }
        GreenletFinishEvent e = new GreenletFinishEvent();
        if (e.shouldCommit()) {
            e.greenletId = g.id();
            e.greenlet = g.name();
            e.hub = g.hub().thread().getName();
            e.outcome = failure != null ? "failed" : killed ? "killed" : "value";
            e.failure = failure == null ? null : failure.getClass().getName();
            e.commit();
        }
    }
}
