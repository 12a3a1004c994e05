package io.gevent4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where a report goes, seen from a JVM of its own in which a greenlet fails. */
class ReportTest {

    @Test
    void withoutALoggingFrameworkAReportIsItsMessageThenItsStackTraceOnStderr() throws Exception {
        String nl = System.lineSeparator();
        String output = runFailingGreenlet();
        assertTrue(
                output.startsWith("Greenlet[the-failing-one, failed] failed with java.lang.IllegalStateException" + nl
                        + "java.lang.IllegalStateException: planned" + nl
                        + "\tat io.gevent4j.internal.FailingGreenletProgram"),
                output);
    }

    @Test
    void withGevent4jLogSystemAFailedGreenletReachesTheSystemLogger() throws Exception {
        String output = runFailingGreenlet("-Dgevent4j.log=system");
        // java.util.logging, the JDK's own System.Logger back end, names the level.
        assertTrue(
                output.contains(
                        "SEVERE: Greenlet[the-failing-one, failed] failed with java.lang.IllegalStateException"),
                output);
        assertTrue(output.contains("java.lang.IllegalStateException: planned"), output);
    }

    private static String runFailingGreenlet(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FailingGreenletProgram.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
