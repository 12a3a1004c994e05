package io.gevent4j.monkey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK 17 for the agent's test on an old JVM, where scripts/prerequisites.sh looks for one (and
 * installs Debian's openjdk-17-jdk-headless when there is none): the home named by
 * {@code -Dgevent4j.jdk17} or {@code GEVENT4J_JDK17} (scripts/test.sh sets it to the one it found), else
 * the first JDK 17 under {@link #DIRS}. A JDK: {@code bin/java} and {@code bin/javac}, version 17 by
 * its {@code release} file or, without one, by what its {@code java} says.
 */
final class Jdk17 {
    static final List<Path> DIRS =
            List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/local/lib/jvm"), Path.of("/opt/java"));
    private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Pattern SPEC = Pattern.compile("java\\.specification\\.version = (\\d+)");

    private Jdk17() {}

    /** The {@code java} launcher of a JDK 17, or empty when there is none. */
    static Optional<Path> java() {
        String named = System.getProperty("gevent4j.jdk17", System.getenv("GEVENT4J_JDK17"));
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named);
            if (!isJdk17(home)) {
                throw new AssertionError("gevent4j.jdk17 / GEVENT4J_JDK17 names " + named
                        + ", which is not the home of a JDK 17 (bin/java, bin/javac, version 17)");
            }
            return Optional.of(home.resolve("bin").resolve("java"));
        }
        for (Path dir : DIRS) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(dir)) {
                Optional<Path> found = homes.sorted().filter(Jdk17::isJdk17).findFirst();
                if (found.isPresent()) {
                    return Optional.of(found.get().resolve("bin").resolve("java"));
                }
            } catch (IOException e) {
                // unreadable: look in the next
            }
        }
        return Optional.empty();
    }

    static boolean isJdk17(Path home) {
        return Files.isExecutable(home.resolve("bin").resolve("java"))
                && Files.isExecutable(home.resolve("bin").resolve("javac"))
                && version(home) == 17;
    }

    private static int version(Path home) {
        try {
            Path release = home.resolve("release");
            if (Files.isReadable(release)) {
                Matcher m = RELEASE.matcher(Files.readString(release, StandardCharsets.UTF_8));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Process p = new ProcessBuilder(
                            home.resolve("bin").resolve("java").toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            Matcher m = SPEC.matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
