package io.gevent4j.compat.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster on 127.0.0.1: {@code initdb} into a temporary directory and
 * {@code postgres} in the foreground, as user {@code postgres} when the tests run as root (PostgreSQL
 * refuses to run as root). Binaries from the PATH or Debian's {@code /usr/lib/postgresql/<v>/bin}.
 */
public final class PostgresServer implements AutoCloseable {
    static final String INSTALL = "PostgreSQL's server is needed for the PostgreSQL JDBC case: install it with"
            + " `apt-get install postgresql` (scripts/test.sh does this when it runs as root or with sudo)";

    private final Path dir;
    private final Path bin;
    private final Process process;
    private final int port;
    private final String version;

    public PostgresServer() throws Exception {
        Path initdb = Executables.find("initdb", Executables.debianPostgresBins(), "postgres", "pg_ctl");
        if (initdb == null) {
            throw new IllegalStateException(INSTALL
                    + " (no initdb, postgres and pg_ctl side by side on the PATH or in /usr/lib/postgresql/*/bin).");
        }
        bin = initdb.getParent();
        dir = Files.createTempDirectory("gevent4j-compat-pg");
        if (Executables.ROOT) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            try {
                view.setOwner(users.lookupPrincipalByName("postgres"));
                GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
                view.setGroup(group);
            } catch (IOException e) {
                throw new IllegalStateException(
                        INSTALL + " (running as root, the server must run as user 'postgres',"
                                + " which the package creates; it is missing: " + e.getMessage() + ")",
                        e);
            }
        }
        Path data = dir.resolve("data");
        version = Executables.run(List.of(bin.resolve("postgres").toString(), "--version"));
        Executables.run(asServerUser(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync"));
        port = Executables.freePort();
        ProcessBuilder pb = new ProcessBuilder(asServerUser(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                String.valueOf(port),
                "-k",
                dir.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "shared_buffers=16MB"));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        process = pb.start();
        waitUntilReady();
    }

    private List<String> asServerUser(String... command) {
        List<String> all = new ArrayList<>();
        if (Executables.ROOT) {
            all.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    private void waitUntilReady() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl())) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
        close();
        throw new IllegalStateException(
                "PostgreSQL did not start (" + (last == null ? "exited" : last.getMessage()) + "):\n" + log);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** E.g. "PostgreSQL 15.18". */
    public String version() {
        return version.replaceAll(".*\\(PostgreSQL\\) ([0-9.]+).*", "PostgreSQL $1");
    }

    @Override
    public void close() throws IOException {
        try {
            Executables.run(asServerUser(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop"));
        } catch (IOException | InterruptedException e) {
            // already gone
        }
        process.destroyForcibly();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
