package io.gevent4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test program run in a JVM of its own, on this JVM's class path, with gevent4j's opens: for what
 * needs a fresh JVM (JVM flags, process-wide state). A program that overruns its time has its threads
 * printed to the test's stderr ({@code jcmd <pid> Thread.print}) and is killed, with its children, so no
 * test can hang the build.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The result of a finished program. */
    public record Result(int exitCode, String output) {}

    /**
     * Runs {@code main} with {@code jvmOptions} and {@code args}, waiting at most {@code limit}; returns
     * its exit code and its stdout and stderr, interleaved.
     *
     * @throws AssertionError if it overran {@code limit} (after printing its threads and killing it)
     */
    public static Result start(Duration limit, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/java.lang=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                printThreadsAndKill(p);
                throw new AssertionError(main.getSimpleName() + " overran " + limit.toSeconds() + " s; output so far:\n"
                        + output.getNow("(none)"));
            }
            return new Result(p.exitValue(), output.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + main.getSimpleName() + " ran", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot read the output of " + main.getSimpleName(), e);
        }
    }

    /** As {@link #start}, requiring exit code 0; returns the output. */
    public static String run(Duration limit, List<String> jvmOptions, Class<?> main, String... args) {
        Result r = start(limit, jvmOptions, main, args);
        if (r.exitCode() != 0) {
            throw new AssertionError(main.getSimpleName() + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    /** Prints {@code jcmd <pid> Thread.print} of an overrunning program to stderr, then kills it and its children. */
    public static void printThreadsAndKill(Process p) {
        System.err.println("=== JVM " + p.pid() + " overran its time; its threads (jcmd Thread.print):");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
            CompletableFuture<String> dump = CompletableFuture.supplyAsync(() -> readAll(jcmd.getInputStream()));
            if (jcmd.waitFor(30, TimeUnit.SECONDS)) {
                System.err.println(dump.get(5, TimeUnit.SECONDS));
            } else {
                jcmd.destroyForcibly();
                System.err.println("(jcmd gave no thread dump within 30 s)");
            }
        } catch (Exception e) {
            System.err.println("(no thread dump: " + e + ")");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
