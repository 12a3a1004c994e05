package io.gevent4j.compat;

import java.util.List;

/** How a case program is run: the matrix's columns, in order. */
enum Mode {
    /** The control: greenlets are plain virtual threads on the hub, nothing patched. */
    PLAIN("plain virtual threads on the hub (no agent)", "plain"),
    /** {@code Monkey.patchAll()} first thing in {@code main} (self-attach). */
    MONKEY("`Monkey.patchAll()`", "monkey"),
    /** {@code -javaagent:gevent4j-patch-agent.jar}. */
    AGENT("`-javaagent`", "agent");

    final String column;
    final String id;

    Mode(String column, String id) {
        this.column = column;
        this.id = id;
    }

    /** The JVM flags of this mode. */
    List<String> jvmFlags() {
        return switch (this) {
            case PLAIN -> List.of("--add-opens=java.base/java.lang=ALL-UNNAMED");
            case MONKEY -> List.of("-XX:+EnableDynamicAgentLoading");
            case AGENT -> List.of("-javaagent:" + CaseJvm.AGENT_JAR);
        };
    }
}
