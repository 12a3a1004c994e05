package io.gevent4j.monkey;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test program in a fresh JVM and collects what it printed. */
final class Jvm {
    static final Path AGENT_JAR = Path.of(System.getProperty("gevent4j.agent.jar",
            "target/gevent4j-patch-agent-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
    static final Path TEST_CLASSES = Path.of(System.getProperty("gevent4j.test.classes", "target/test-classes")).toAbsolutePath();
    /** A class path entry holding only a services file that lists the test patches of {@code programs.spi}. */
    static final Path TEST_PATCHES = Path.of(System.getProperty("gevent4j.test.patches", "src/test/spi")).toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    record Result(int exit, String out, String err) {
        String line(String key) {
            return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + key + "= in:\n" + this));
        }

        long elapsedMs() {
            return Long.parseLong(line("elapsedMs"));
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

    /** A program started with {@link #start}: read its stdout as it runs, then {@link #finish()} it. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final StringBuilder seen = new StringBuilder();
        private final Path err;

        private Running(Process process, Path err) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.err = err;
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
            throw new AssertionError("no " + key + "= before the end of:\n" + seen + "--- stderr\n" + Files.readString(err));
        }

        /** Waits for the program to end and returns everything it printed. */
        Result finish() throws IOException, InterruptedException {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
            }
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
            return new Result(process.exitValue(), seen.toString(), Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    /** Starts a program and returns at once; stderr goes to a file, stdout is read through {@link Running}. */
    static Running start(List<String> jvmArgs, Class<?> main, Object... args) throws IOException {
        Path err = Files.createTempFile("gevent4j-it", ".err");
        Process p = new ProcessBuilder(command(JAVA, jvmArgs, main.getName(), args)).redirectError(err.toFile()).start();
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
        all.addAll(List.of("-cp", String.join(File.pathSeparator, TEST_CLASSES.toString(), extra.toString(),
                AGENT_JAR.toString())));
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
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
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
