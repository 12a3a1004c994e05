package io.gevent4j.compat.peers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finding and running the server programs the suite starts. */
final class Executables {
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private Executables() {}

    /**
     * {@code name} in the first directory of the PATH, then of {@code dirs}, that holds it and every one
     * of {@code siblings} as executables, or null.
     */
    static Path find(String name, List<Path> dirs, String... siblings) {
        List<Path> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(d.isEmpty() ? "." : d));
        }
        candidates.addAll(dirs);
        return candidates.stream()
                .filter(d -> Files.isExecutable(d.resolve(name))
                        && java.util.Arrays.stream(siblings).allMatch(s -> Files.isExecutable(d.resolve(s))))
                .map(d -> d.resolve(name))
                .findFirst()
                .orElse(null);
    }

    /** The bin directories of every installed Debian PostgreSQL, newest first ({@code /usr/lib/postgresql/<v>/bin}). */
    static List<Path> debianPostgresBins() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .sorted(Comparator.comparing((Path p) ->
                                    versionOf(p.getParent().getFileName().toString()))
                            .reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int versionOf(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs a command to its end and returns its output; fails with the output if it exits non-zero. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
        return out.strip();
    }

    /** A free TCP port on loopback (free when asked). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, LoopbackPeers.LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
