package io.gevent4j.examples.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The patch SPI's example: {@code LegacyClientPatch}, found by the agent on the class path, makes N
 * fetches of L ms each run together on one hub; left out ({@code =-legacy-client}), they run one
 * after another, and give the same results.
 */
class LegacyClientPatchIT {
    static final int N = 6;
    static final int L = 500;

    @Test
    void thePatchMakesTheFetchesRunTogether() throws Exception {
        String with = demo(null);
        String without = demo("-legacy-client");

        assertEquals("true", line(with, "patched"), with);
        assertTrue(elapsedMs(with) < 2 * L, with);
        assertEquals("false", line(without, "patched"), without);
        assertTrue(elapsedMs(without) >= N * L * 9 / 10, without);
        assertEquals(results(without), results(with));
        assertEquals(N, results(with).size());
    }

    /** Runs the demo under the agent with {@code options}; returns its output (stdout and stderr merged). */
    private static String demo(String options) throws IOException, InterruptedException {
        Path agent = Path.of(System.getProperty("examples.agent.jar"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent + (options == null ? "" : "=" + options),
                "-cp",
                System.getProperty("examples.classes"),
                LegacyClientDemo.class.getName(),
                String.valueOf(N),
                String.valueOf(L));
        ChildJvm.Result r = ChildJvm.run(command, Duration.ofSeconds(120));
        String out = r.output();
        assertEquals(0, r.exit(), out);
        return out;
    }

    private static String line(String out, String key) {
        return out.lines()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "= in:\n" + out));
    }

    private static long elapsedMs(String out) {
        return Long.parseLong(line(out, "elapsedMs"));
    }

    private static List<String> results(String out) {
        return out.lines().filter(l -> l.startsWith("result=")).toList();
    }
}
