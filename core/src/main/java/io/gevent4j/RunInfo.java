package io.gevent4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Formats every live greenlet of every hub, with state, parent and stack (gevent's {@code print_run_info}). */
final class RunInfo {
    private RunInfo() {}

    static String format() {
        List<Hub> hubs = Hub.all();
        Map<Long, Greenlet<?>> byId = new HashMap<>();
        for (Hub hub : hubs) {
            for (Greenlet<?> g : hub.greenlets()) {
                byId.put(g.id(), g);
            }
        }
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder("gevent4j run info: ")
                .append(hubs.size())
                .append(" hub(s)")
                .append(nl);
        for (Hub hub : hubs) {
            HubStats s = hub.stats();
            Greenlet<?> running = hub.running();
            sb.append(String.format(
                    "%s (thread state %s): alive=%d ready=%d timers=%d spawned=%d finished=%d "
                            + "failed=%d switches=%d running=%s%n",
                    hub,
                    hub.thread().getState(),
                    s.alive(),
                    s.ready(),
                    s.timers(),
                    s.spawned(),
                    s.finished(),
                    s.failed(),
                    s.switches(),
                    running == null ? "none" : running.name()));
            for (Greenlet<?> g : hub.greenlets()) {
                sb.append("  ")
                        .append(g)
                        .append(" id=")
                        .append(g.id())
                        .append(" parent=")
                        .append(parent(g, byId))
                        .append(" thread=")
                        .append(g.thread().getState())
                        .append(nl);
                for (StackTraceElement frame : g.thread().getStackTrace()) {
                    sb.append("      at ").append(frame).append(nl);
                }
            }
        }
        return sb.toString();
    }

    private static String parent(Greenlet<?> g, Map<Long, Greenlet<?>> byId) {
        if (g.parentId() == 0) {
            return "none (spawned by a thread)";
        }
        Greenlet<?> p = byId.get(g.parentId());
        return p != null ? p.name() + " (id " + p.id() + ")" : "Greenlet-" + g.parentId() + " (ended)";
    }
}
