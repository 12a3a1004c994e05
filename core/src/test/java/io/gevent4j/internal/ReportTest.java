package io.gevent4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void withoutALoggingFrameworkAReportIsItsMessageThenItsStackTraceOnStderr() {
        String nl = System.lineSeparator();
        String out = captureStderr(() -> Report.failure(Report.HUB, "something failed", new IllegalStateException("planned")));
        assertTrue(out.startsWith("something failed" + nl + "java.lang.IllegalStateException: planned" + nl
                + "\tat io.gevent4j.internal.ReportTest"), out);
        assertEquals("a warning" + nl, captureStderr(() -> Report.warning(Report.MONITOR, "a warning")));
    }

    @Test
    void withGevent4jLogSystemAFailedGreenletReachesTheSystemLogger() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgevent4j.log=system",
                "-cp", System.getProperty("java.class.path"), FailingGreenletProgram.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        // java.util.logging, the JDK's own System.Logger back end, names the level and the logger's caller.
        assertTrue(output.contains("SEVERE: Greenlet[the-failing-one, failed] failed with java.lang.IllegalStateException"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: planned"), output);
    }

    static String captureStderr(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
