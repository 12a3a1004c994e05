package io.gevent4j.compat;

import io.gevent4j.compat.child.CaseProgram;
import io.gevent4j.compat.child.StdinCase;
import io.gevent4j.testkit.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Starts one case program in a fresh JVM and collects what it printed; one that overruns its time is
 * dumped and killed by core's {@link ChildJvm}.
 */
final class CaseJvm {
    static final Path AGENT_JAR = path("compat.agent.jar");
    static final Path CORE_JAR = path("compat.core.jar");
    static final Path TEST_CLASSES = path("compat.test.classes");
    static final String LIBRARIES = System.getProperty("compat.libraries", "");
    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final int TIMEOUT_SECONDS = 240;

    private CaseJvm() {}

    private static Path path(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank() || v.startsWith("${")) {
            throw new IllegalStateException(
                    "-D" + property + " is not set: run the compat tests through Maven (mvn verify)");
        }
        return Path.of(v).toAbsolutePath();
    }

    record Output(int exit, String out, String err, List<String> command) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- command\n" + String.join(" ", command) + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code row}'s case in {@code mode} with N greenlets of latency {@code row.latencyMs}.
     * {@code wrap} may put the command inside another (the DNS case's private resolv.conf).
     */
    static Output run(Row row, Mode mode, int n, Map<String, String> properties, UnaryOperator<List<String>> wrap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(mode.jvmFlags());
        // Start-up speed and fewer background threads on a small machine; nothing here changes how greenlets block.
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        cmd.add("-Dcompat.n=" + n);
        cmd.add("-Dcompat.l=" + row.latencyMs);
        cmd.add("-Dcompat.mode=" + mode.id);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        // Without the agent, gevent4j comes from the core jar; otherwise only from the agent jar (it includes core).
        cmd.add(TEST_CLASSES
                + File.pathSeparator
                + (mode == Mode.PLAIN ? CORE_JAR : AGENT_JAR)
                + (LIBRARIES.isEmpty() ? "" : File.pathSeparator + LIBRARIES));
        cmd.add(CaseProgram.class.getName());
        cmd.add(row.caseClass.getName());
        List<String> command = wrap.apply(cmd);
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            boolean feedStdin = row.caseClass == StdinCase.class;
            if (!feedStdin) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            Thread outReader = Thread.ofVirtual()
                    .start(() -> readLines(
                            p.getInputStream(),
                            out,
                            feedStdin ? () -> feedStdin(p.getOutputStream(), n, row.latencyMs) : null));
            Thread errReader = Thread.ofVirtual().start(() -> readLines(p.getErrorStream(), err, null));
            if (!ChildJvm.endsWithin(p, Duration.ofSeconds(TIMEOUT_SECONDS))) {
                System.err.println("compat: " + row + " in mode " + mode.id + " overran " + TIMEOUT_SECONDS
                        + " s and was killed (its threads above)");
                outReader.join();
                errReader.join();
                return new Output(
                        -1,
                        out.toString(),
                        err + "\n[killed after " + TIMEOUT_SECONDS + " s; its threads are on the test's stderr]\n",
                        command);
            }
            outReader.join();
            errReader.join();
            return new Output(p.exitValue(), out.toString(), err.toString(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Collects lines; {@code onWanted} runs when the program asks for its standard input. */
    private static void readLines(InputStream in, StringBuilder sink, Runnable onWanted) {
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (sink) {
                    sink.append(line).append('\n');
                }
                if (onWanted != null && line.equals(StdinCase.WANTED)) {
                    Thread.ofVirtual().start(onWanted);
                }
            }
        } catch (IOException e) {
            synchronized (sink) {
                sink.append("[reading failed: ").append(e).append("]\n");
            }
        }
    }

    /** The System.in case's data: N fixed-size records in one write, L ms after the first greenlet asked. */
    private static void feedStdin(OutputStream stdin, int n, int latencyMs) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < n; i++) {
            records.append(String.format(Locale.ROOT, "stdin-%03d\n", i));
        }
        if (records.length() != n * StdinCase.RECORD) {
            throw new IllegalStateException("record size");
        }
        try (stdin) {
            Thread.sleep(latencyMs);
            stdin.write(records.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | InterruptedException e) {
            // the program died; its exit status tells
        }
    }
}
