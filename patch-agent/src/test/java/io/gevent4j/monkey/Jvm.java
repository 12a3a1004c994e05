package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gevent4j.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a test program in a fresh JVM, with or without the agent, and collects what it printed. A
 * program that outlives {@link #LIMIT} has its threads printed to the test's stderr and is killed
 * ({@link ChildJvm#endsWithin}), and the test fails: a program that hangs costs its test a minute and a
 * half, not the build.
 */
final class Jvm {
    static final Path AGENT_JAR = agentJar();
    static final Path TEST_CLASSES = Path.of(System.getProperty("gevent4j.test.classes", "target/test-classes"))
            .toAbsolutePath();
    /** A class path entry holding only a services file that lists the test patches of {@code programs.spi}. */
    static final Path TEST_PATCHES =
            Path.of(System.getProperty("gevent4j.test.patches", "src/test/spi")).toAbsolutePath();

    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Each program's time: they take seconds; a test starts at most three, within its 5 min default. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    record Result(int exit, String out, String err) {
        String line(String key) {
            return out.lines()
                    .filter(l -> l.startsWith(key + "="))
                    .map(l -> l.substring(key.length() + 1))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + key + "= in:\n" + this));
        }

        long elapsedMs() {
            return Long.parseLong(line("elapsedMs"));
        }

        /**
         * The Harness's greenlets ran one at a time: every one on the hub's thread (the carriers it
         * recorded are that thread alone) and never two inside their running stretches at once.
         */
        void assertGreenletsRanOneAtATimeOnTheHubThread() {
            String hub = line("hubThread");
            assertEquals(
                    hub,
                    line("carriers"),
                    () -> "greenlets ran on other threads than the hub's (" + hub + "):\n" + this);
            assertEquals("1", line("maxRunning"), () -> "greenlets ran at once:\n" + this);
        }

        /** Everything but the timing line: what must be identical with and without the agent. */
        String results() {
            return out.lines().filter(l -> !l.startsWith("elapsedMs=")).reduce("", (a, b) -> a + b + "\n");
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Jvm() {}

    /** The shaded agent jar: as the pom says ({@code gevent4j.agent.jar}), else the one in {@code target/}. */
    private static Path agentJar() {
        String set = System.getProperty("gevent4j.agent.jar");
        if (set != null && !set.isBlank()) {
            return Path.of(set).toAbsolutePath();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "gevent4j-patch-agent-*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (!name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar")) {
                    return jar.toAbsolutePath();
                }
            }
        } catch (IOException e) {
            // no target/ yet: said below
        }
        throw new IllegalStateException("no agent jar: set -Dgevent4j.agent.jar or build it (mvn package)");
    }

    private static List<String> command(String java, List<String> jvmArgs, String main, Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        if (!jvmArgs.contains("-cp")) {
            cmd.add("-cp");
            cmd.add(TEST_CLASSES + File.pathSeparator + AGENT_JAR);
        }
        cmd.add(main);
        Arrays.stream(args).map(String::valueOf).forEach(cmd::add);
        return cmd;
    }

    /**
     * A program started with {@link #start}: read its stdout as it runs, then {@link #finish()} it. A
     * watcher kills it (threads printed first) once {@link #LIMIT} has passed, which also ends a read
     * that waits for a line the program will never print.
     */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final StringBuilder seen = new StringBuilder();
        private final Path err;
        private final Thread watcher;
        private volatile boolean killed;

        private Running(Process process, Path err) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.err = err;
            this.watcher = Thread.ofPlatform()
                    .daemon()
                    .name("jvm-limit-" + process.pid())
                    .start(() -> {
                        try {
                            killed = !ChildJvm.endsWithin(process, LIMIT);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
        }

        /** Whether the watcher killed the program; waits for the watcher, which ends with the program. */
        private boolean killed() throws IOException {
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the program ended", e);
            }
            return killed;
        }

        /** Reads stdout up to the line "key=value" and returns the value. */
        String await(String key) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            throw new AssertionError((killed() ? killedMessage() : "") + "no " + key + "= before the end of:\n" + seen
                    + "--- stderr\n" + Files.readString(err));
        }

        /** Waits for the program to end and returns everything it printed. */
        Result finish() throws IOException, InterruptedException {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
            }
            process.waitFor(); // ended, or killed by the watcher
            if (killed()) {
                throw new AssertionError(
                        killedMessage() + "--- stdout\n" + seen + "--- stderr\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), seen.toString(), Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    private static String killedMessage() {
        return "the program did not end within " + LIMIT.toSeconds()
                + " s and was killed (its threads are on stderr)\n";
    }

    /** Starts a program and returns at once; stderr goes to a file, stdout is read through {@link Running}. */
    static Running start(List<String> jvmArgs, Class<?> main, Object... args) throws IOException {
        Path err = Files.createTempFile("gevent4j-it", ".err");
        Process p = new ProcessBuilder(command(JAVA, jvmArgs, main.getName(), args))
                .redirectError(err.toFile())
                .start();
        return new Running(p, err);
    }

    static List<String> agent(String options) {
        return List.of("-javaagent:" + AGENT_JAR + (options == null ? "" : "=" + options));
    }

    static Result withAgent(String options, List<String> jvmArgs, Class<?> main, Object... args) {
        List<String> all = new ArrayList<>(agent(options));
        all.addAll(jvmArgs);
        return run(JAVA, all, main.getName(), args);
    }

    /** As {@link #withAgent}, with the test patches ({@link #TEST_PATCHES}) on the class path. */
    static Result withTestPatches(String options, Class<?> main, Object... args) {
        return withClassPath(TEST_PATCHES, options, main, args);
    }

    /** As {@link #withAgent}, with {@code extra} on the class path after the test classes. */
    static Result withClassPath(Path extra, String options, Class<?> main, Object... args) {
        List<String> all = new ArrayList<>(agent(options));
        all.addAll(List.of(
                "-cp",
                String.join(File.pathSeparator, TEST_CLASSES.toString(), extra.toString(), AGENT_JAR.toString())));
        return run(JAVA, all, main.getName(), args);
    }

    static Result withoutAgent(List<String> jvmArgs, Class<?> main, Object... args) {
        List<String> all = new ArrayList<>();
        all.add(OPENS);
        all.addAll(jvmArgs);
        return run(JAVA, all, main.getName(), args);
    }

    static Result run(String java, List<String> jvmArgs, String main, Object... args) {
        List<String> cmd = command(java, jvmArgs, main, args);
        try {
            Path out = Files.createTempFile("gevent4j-it", ".out");
            Path err = Files.createTempFile("gevent4j-it", ".err");
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!ChildJvm.endsWithin(p, LIMIT)) {
                throw new AssertionError(killedMessage() + String.join(" ", cmd) + "\n--- stdout\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Result r = new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
