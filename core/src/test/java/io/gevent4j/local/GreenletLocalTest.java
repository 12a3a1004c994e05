package io.gevent4j.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gevent needs {@code gevent.local.local} for greenlet-local state; in gevent4j each greenlet is its
 * own thread, so a plain {@link ThreadLocal} already is greenlet-local.
 */
class GreenletLocalTest {
    /** A stand-in for gevent's {@code stash = local()}, with attributes x and y. */
    private static final ThreadLocal<Integer> X = new ThreadLocal<>();

    private static final ThreadLocal<Integer> Y = new ThreadLocal<>();

    /** Seed (shared/seeds/003): f1 sets x, f2 sets y and cannot see f1's x. */
    @Test
    void seedEachGreenletSeesOnlyItsOwnValues() {
        List<String> out = new ArrayList<>();
        Greenlet<Void> g1 = Gevent.spawn(() -> {
            X.set(1);
            out.add(String.valueOf(X.get()));
        });
        Greenlet<Void> g2 = Gevent.spawn(() -> {
            Y.set(2);
            out.add(String.valueOf(Y.get()));
            if (X.get() == null) {
                out.add("x is not local to f2");
            }
        });
        Gevent.joinAll(List.of(g1, g2));
        assertEquals(List.of("1", "2", "x is not local to f2"), out);
    }

    @Test
    void valuesSurviveSwitchesAndDoNotLeakToTheHubOrLaterGreenlets() {
        ThreadLocal<String> request = ThreadLocal.withInitial(() -> "none");
        request.set("hub");
        List<String> out = new ArrayList<>();
        List<Greenlet<?>> gs = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            gs.add(Gevent.spawn(() -> {
                request.set(name);
                Gevent.sleep(0); // the others run and set theirs meanwhile
                Gevent.sleep(5);
                out.add(name + " sees " + request.get());
            }));
        }
        Gevent.joinAll(gs);
        assertEquals(List.of("a sees a", "b sees b", "c sees c"), out);
        assertEquals("hub", request.get());
        assertEquals("none", Gevent.spawn(request::get).get(), "a new greenlet starts empty");
        InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();
        inherited.set("parent");
        assertEquals("parent", Gevent.spawn(inherited::get).get(), "inheritable values pass to spawned greenlets");
        assertNull(X.get());
    }
}
