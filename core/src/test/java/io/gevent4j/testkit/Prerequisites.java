package io.gevent4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What scripts/test.sh could not install (scripts/prerequisites.sh): it names those in
 * {@code GEVENT4J_UNAVAILABLE} (e.g. "redis root"), and a test that needs one of them is not run. The
 * test says so in {@code GEVENT4J_NOT_RUN}, a file the script reads after Maven to fail the run, naming
 * each such test: a test that was not run never counts as passed. Without the variable (CI, or a plain
 * {@code mvn verify}) nothing is left out, and the test fails, saying what to install.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** The prerequisites the script could not provide, by id. */
    public static List<String> unavailable() {
        return List.of(
                System.getenv().getOrDefault("GEVENT4J_UNAVAILABLE", "").trim().split("[\\s,]+"));
    }

    /** Ends {@code test} as not run when the script could not provide {@code id}; returns otherwise. */
    public static void abortIfUnavailable(String id, String test) {
        if (!unavailable().contains(id)) {
            return;
        }
        String file = System.getenv("GEVENT4J_NOT_RUN");
        if (file != null && !file.isBlank()) {
            synchronized (Prerequisites.class) {
                try {
                    Files.writeString(
                            Path.of(file),
                            id + "\t" + test + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Assumptions.abort("not run: " + test + " needs " + id
                + ", which scripts/test.sh could not install (see its MISSING line)");
    }
}
