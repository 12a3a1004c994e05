package io.gevent4j.compat.peers;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throw-away Redis server on 127.0.0.1 (no persistence), from Debian's {@code redis-server}. */
public final class RedisServer implements AutoCloseable {
    static final String INSTALL = "Redis is needed for the Jedis case: install it with `apt-get install redis-server`"
            + " (scripts/test.sh does this when it runs as root or with sudo)";

    private final Process process;
    private final Path dir;
    private final int port;
    private final String version;

    public RedisServer() throws Exception {
        Path server = Executables.find("redis-server", List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
        if (server == null) {
            throw new IllegalStateException(INSTALL + " (no redis-server on the PATH).");
        }
        version = Executables.run(List.of(server.toString(), "--version"));
        dir = Files.createTempDirectory("gevent4j-compat-redis");
        port = Executables.freePort();
        process = new ProcessBuilder(
                        server.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no",
                        "--protected-mode",
                        "no",
                        "--dir",
                        dir.toString(),
                        "--maxclients",
                        "1000")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!ping()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("server.log"));
                close();
                throw new IllegalStateException("redis-server did not start:\n" + log);
            }
            Thread.sleep(100);
        }
    }

    private boolean ping() {
        try (Socket s = new Socket(LoopbackPeers.LOOPBACK, port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** E.g. "Redis 7.0.15". */
    public String version() {
        return version.replaceAll(".*v=([0-9.]+).*", "Redis $1");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(dir.resolve("server.log"));
        Files.deleteIfExists(dir);
    }
}
