package io.gevent4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test's child JVM: its merged output, and an end to it when its time runs out, so that a child that
 * hangs costs the test its limit and leaves its threads on the test's stderr, not a hung build.
 * Every module's tests start their child JVMs through this class (core's test jar holds the testkit).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** How a child ended: its exit status and everything it printed (stdout and stderr merged). */
    public record Result(int exit, String output) {}

    /**
     * Starts {@code command} (stderr merged into stdout) and waits up to {@code limit} for it. When the
     * limit passes, prints the child's threads ({@code jcmd <pid> Thread.print}) to this JVM's stderr,
     * kills it and its descendants, and fails with what it had printed.
     */
    public static Result run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A platform thread reads, so the output is drained while this thread waits with a limit.
        Thread reader = Thread.ofPlatform()
                .daemon()
                .name("child-output-" + p.pid())
                .start(() -> {
                    try {
                        p.getInputStream().transferTo(out);
                    } catch (IOException e) {
                        // the child was killed: what was read so far is kept
                    }
                });
        if (!endsWithin(p, limit)) {
            reader.join(5_000);
            throw new AssertionError(
                    "the child JVM did not end within " + limit.toSeconds() + " s and was killed (its threads"
                            + " are on stderr): " + String.join(" ", command) + "\n--- its output\n" + text(out));
        }
        reader.join();
        return new Result(p.exitValue(), text(out));
    }

    /**
     * Runs {@code main} of this JVM's class path in a child JVM of the same Java, with gevent4j's opens
     * and {@code jvmOptions}, waiting at most {@code limit} (see {@link #run(List, Duration)}); fails
     * unless it exits with 0, and returns its output.
     */
    public static String runMain(Duration limit, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/java.lang=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Result r;
        try {
            r = run(command, limit);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + main.getSimpleName() + " ran", e);
        }
        if (r.exit() != 0) {
            throw new AssertionError(main.getSimpleName() + " exited with " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits up to {@code limit} for {@code p} to end. When it does not, prints the threads of every JVM
     * in its process tree to stderr and kills the tree ({@link #killWithThreadDump}).
     *
     * @return whether {@code p} ended by itself; false once it has been killed
     */
    public static boolean endsWithin(Process p, Duration limit) throws InterruptedException {
        if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        killWithThreadDump(p);
        return false;
    }

    /**
     * Prints {@code jcmd <pid> Thread.print} of the child to stderr, then kills it and its descendants.
     * The JVM may be a descendant of the process started (a command run through {@code bash} or
     * {@code unshare}): every JVM of the tree is dumped.
     */
    public static void killWithThreadDump(Process p) throws InterruptedException {
        List<ProcessHandle> jvms = Stream.concat(Stream.of(p.toHandle()), p.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .toList();
        for (ProcessHandle jvm : jvms.isEmpty() ? List.of(p.toHandle()) : jvms) {
            System.err.println("=== child JVM " + jvm.pid() + " overran its time; its threads (jcmd Thread.print):");
            System.err.println(threadDump(jvm.pid()));
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String threadDump(long pid) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path file = null;
        try {
            file = Files.createTempFile("gevent4j-jcmd", ".txt");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "(jcmd gave no thread dump within 30 s)\n" + Files.readString(file);
            }
            return Files.readString(file);
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }
}
