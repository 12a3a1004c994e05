package io.gevent4j.examples.legacy.patch;

import io.gevent4j.Gevent;
import io.gevent4j.examples.legacy.LegacyClient;
import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.monkey.spi.Requirement;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@link LegacyClient} cooperative without changing it, as psycogreen does for psycopg: its wait
 * for a reply is redirected, in greenlets, to a wait on the hub's timer. Listed in
 * {@code META-INF/services/io.gevent4j.monkey.spi.Patch}, so the agent applies it when the client is on
 * the class path; {@code -javaagent:gevent4j-patch-agent.jar=-legacy-client} leaves it out.
 */
public final class LegacyClientPatch implements Patch {
    @Override
    public String name() {
        return "legacy-client";
    }

    @Override
    public Requirement requires() {
        return Requirement.classes("io.gevent4j.examples.legacy.LegacyClient");
    }

    @Override
    public void declare(Patching patching) {
        patching.method("io.gevent4j.examples.legacy.LegacyClient", "awaitReply", long.class)
                .redirectTo(LegacyClientPatch.class, "awaitReply");
    }

    /** {@code client.awaitReply(dueNanos)} in a greenlet: it sleeps on the hub, which runs the others meanwhile. */
    static void awaitReply(LegacyClient client, long dueNanos) {
        long left = dueNanos - System.nanoTime();
        if (left > 0) {
            Gevent.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }
}
