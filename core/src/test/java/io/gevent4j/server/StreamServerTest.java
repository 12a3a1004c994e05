package io.gevent4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.Hub;
import io.gevent4j.event.Event;
import io.gevent4j.pool.Pool;
import io.gevent4j.testkit.ChildJvm;
import io.gevent4j.testkit.SelfSignedTls;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamServerTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
    }

    /** {@code clients} greenlets connect at once, each sends its own message and must get it back. */
    static void echoesConcurrently(StreamServer server, int clients) {
        List<Greenlet<String>> replies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String msg = "message " + i;
            replies.add(Gevent.spawn(() -> roundTrip(server.address(), msg)));
        }
        Gevent.joinAll(replies);
        for (int i = 0; i < clients; i++) {
            assertEquals("message " + i, replies.get(i).get());
        }
    }

    static String roundTrip(InetSocketAddress address, String message) {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            return exchange(s, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String exchange(Socket s, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(bytes);
        return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    @Test
    void echoesForManyConcurrentClientsOnOneHub() {
        try (StreamServer server = new StreamServer(ANY_PORT, StreamServerTest::echo).start()) {
            echoesConcurrently(server, 200);
        }
    }

    @Test
    void startedOutsideAGreenletItServesWhileTheCallerBlocksInPlainCalls() throws Exception {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        try (StreamServer server = new StreamServer(ANY_PORT, s -> {
                    handlerThread.set(Hub.current().thread());
                    echo(s);
                })
                .start()) {
            // Plain JDK calls on this thread: no hub of this thread runs meanwhile.
            try (Socket s =
                    new Socket(server.address().getAddress(), server.address().getPort())) {
                s.setSoTimeout(10_000);
                assertEquals("plain", exchange(s, "plain"));
            }
        }
        assertNotEquals(Thread.currentThread(), handlerThread.get());
    }

    @Test
    void startedInAGreenletItServesOnTheCallersHub() {
        Hub callers = Hub.current();
        AtomicReference<Hub> handlersHub = new AtomicReference<>();
        String reply = Gevent.run(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, s -> {
                        handlersHub.set(Hub.current());
                        echo(s);
                    })
                    .start()) {
                return Gevent.spawn(() -> roundTrip(server.address(), "same hub"))
                        .get();
            }
        });
        assertEquals("same hub", reply);
        assertSame(callers, handlersHub.get());
    }

    @Test
    void slowHandlersRunConcurrently() {
        int n = 100;
        long delayMs = 300;
        try (StreamServer server = new StreamServer(ANY_PORT, s -> {
                    Gevent.sleep(delayMs);
                    echo(s);
                })
                .start()) {
            long start = System.nanoTime();
            List<Greenlet<String>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(Gevent.spawn(() -> roundTrip(server.address(), "x")));
            }
            Gevent.joinAll(clients);
            long took = System.nanoTime() - start;
            assertTrue(
                    took < Duration.ofMillis(2 * delayMs).toNanos(),
                    n + " handlers sleeping " + delayMs + " ms took " + took / 1_000_000 + " ms");
        }
    }

    @Test
    void aFailingHandlerClosesItsConnectionIsReportedAndTheServerGoesOn() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (StreamServer server = new StreamServer(ANY_PORT, s -> {
                    if (s.getInputStream().read() == 'x') {
                        throw new IllegalStateException("handler broke");
                    }
                    s.getOutputStream().write('k');
                })
                .start()) {
            int closedRead = Gevent.spawn(() -> {
                        try (Socket s = new Socket(
                                server.address().getAddress(), server.address().getPort())) {
                            s.getOutputStream().write('x');
                            return s.getInputStream().read();
                        }
                    })
                    .get();
            assertEquals(-1, closedRead, "the failed handler's connection was closed");
            assertEquals(
                    "k", Gevent.spawn(() -> roundTrip(server.address(), "y")).get());
        } finally {
            System.setErr(original);
        }
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("handler broke"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stopLetsHandlersFinishWithinTheGrace() {
        Event handling = new Event();
        StreamServer server = new StreamServer(ANY_PORT, s -> {
                    s.getInputStream().read();
                    handling.set();
                    Gevent.sleep(100);
                    s.getOutputStream().write('d');
                })
                .start();
        Greenlet<Integer> client = Gevent.spawn(() -> {
            try (Socket s =
                    new Socket(server.address().getAddress(), server.address().getPort())) {
                s.getOutputStream().write('a');
                return s.getInputStream().read();
            }
        });
        assertTrue(handling.await(Duration.ofSeconds(10)), "the handler never got the client's byte");
        assertTrue(server.stop(Duration.ofSeconds(5)));
        assertEquals('d', client.get());
        assertTrue(server.isStopped());
        assertThrows(
                IOException.class,
                () -> new Socket(server.address().getAddress(), server.address().getPort()).close());
    }

    /** A server whose one handler outlives any grace, a client connected to it, and the handler's clean-ups. */
    private record Lingering(StreamServer server, Greenlet<Integer> client, AtomicInteger cleanedUp) {
        static Lingering start() {
            AtomicInteger cleanedUp = new AtomicInteger();
            Event handling = new Event();
            StreamServer server = new StreamServer(ANY_PORT, s -> {
                        try {
                            handling.set();
                            Gevent.sleep(60_000);
                        } finally {
                            cleanedUp.incrementAndGet();
                        }
                    })
                    .start();
            Greenlet<Integer> client = Gevent.spawn(() -> {
                try (Socket s = new Socket(
                        server.address().getAddress(), server.address().getPort())) {
                    return s.getInputStream().read();
                }
            });
            assertTrue(handling.await(Duration.ofSeconds(10)), "the connection was never handled");
            return new Lingering(server, client, cleanedUp);
        }

        void assertKilledAndClosed() {
            assertEquals(1, cleanedUp.get());
            assertEquals(-1, client.get(), "the killed handler's socket was closed");
        }
    }

    @Test
    void stopKillsHandlersThatOutliveTheGrace() {
        Lingering lingering = Lingering.start();
        assertEquals(1, lingering.server().connections());
        long start = System.nanoTime();
        assertFalse(lingering.server().stop(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        lingering.assertKilledAndClosed();
    }

    @Test
    void stopWithoutAGraceWaitsTheDefaultStopTimeoutThenKills() {
        Lingering lingering = Lingering.start();
        long start = System.nanoTime();
        assertFalse(lingering.server().stop());
        long waited = System.nanoTime() - start;
        long grace = StreamServer.DEFAULT_STOP_TIMEOUT.toNanos();
        assertTrue(
                waited >= grace * 9 / 10
                        && waited < 2 * grace + Duration.ofSeconds(1).toNanos(),
                "waited " + waited / 1_000_000 + " ms");
        lingering.assertKilledAndClosed();
        assertTrue(lingering.server().stop(), "a second stop has nothing left to stop");
    }

    @Test
    void aPoolBoundsConcurrentHandlers() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (StreamServer server = StreamServer.builder(ANY_PORT, s -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Gevent.sleep(30);
                    inside.decrementAndGet();
                    echo(s);
                })
                .spawnInto(new Pool(3))
                .build()
                .start()) {
            List<Greenlet<String>> clients = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                clients.add(Gevent.spawn(() -> roundTrip(server.address(), "p")));
            }
            Gevent.joinAll(clients);
            clients.forEach(c -> assertEquals("p", c.get()));
        }
        assertEquals(3, most.get());
    }

    @Test
    void severalHubsShareThePort() throws Exception {
        Set<String> hubThreads = ConcurrentHashMap.newKeySet();
        try (StreamServer server = StreamServer.builder(ANY_PORT, s -> {
                    hubThreads.add(Hub.current().thread().getName());
                    echo(s);
                })
                .hubs(2)
                .build()
                .start()) {
            echoesConcurrently(server, 64);
        }
        assertEquals(2, hubThreads.size(), hubThreads.toString());
        assertFalse(hubThreads.contains(Thread.currentThread().getName()));
    }

    @Test
    void withoutASharedPortOneAcceptorDealsConnectionsToTheHubsInTurn() throws Exception {
        Map<String, Integer> servedByHub = new ConcurrentHashMap<>();
        try (StreamServer server = StreamServer.builder(ANY_PORT, s -> {
                    servedByHub.merge(Hub.current().thread().getName(), 1, Integer::sum);
                    echo(s);
                })
                .hubs(3)
                .sharedPort(false)
                .build()
                .start()) {
            echoesConcurrently(server, 60);
        }
        assertEquals(3, servedByHub.size(), servedByHub.toString());
        servedByHub.values().forEach(n -> assertEquals(20, n, servedByHub.toString()));
    }

    @Test
    void anAcceptThatFailsForWantOfDescriptorsIsReportedAndRetried() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        // bash execs the JVM, so the child's pid is the JVM's own (for jcmd, should it overrun).
        ChildJvm.Result r = ChildJvm.run(
                List.of(
                        "bash",
                        "-c",
                        "ulimit -n 256 && exec \"$@\"",
                        "bash",
                        javaCommand,
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AcceptRetryProgram.class.getName()),
                Duration.ofSeconds(60));
        String output = r.output();
        assertEquals(0, r.exit(), output);
        assertTrue(output.contains("accept failing") && output.contains("accept recovered"), output);
        assertTrue(
                output.contains("failed to accept; retrying in 10 ms") && output.contains("Too many open files"),
                output);
    }

    @Test
    void servesTls(@TempDir Path dir) throws Exception {
        SSLContext ctx = SelfSignedTls.context(dir);
        try (StreamServer server = StreamServer.builder(ANY_PORT, StreamServerTest::echo)
                .ssl(ctx)
                .build()
                .start()) {
            String reply = Gevent.spawn(() -> {
                        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory()
                                .createSocket(
                                        server.address().getAddress(),
                                        server.address().getPort())) {
                            return exchange(s, "secret");
                        }
                    })
                    .get();
            assertEquals("secret", reply);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(NullPointerException.class, () -> new StreamServer(null, StreamServerTest::echo));
        assertThrows(NullPointerException.class, () -> new StreamServer(ANY_PORT, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamServer.builder(ANY_PORT, StreamServerTest::echo).hubs(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamServer.builder(ANY_PORT, StreamServerTest::echo).backlog(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamServer.builder(ANY_PORT, StreamServerTest::echo)
                        .spawnInto(new Pool(2))
                        .hubs(2)
                        .build());
        try (StreamServer s = new StreamServer(ANY_PORT, StreamServerTest::echo).start()) {
            assertThrows(IllegalStateException.class, s::start);
            assertThrows(
                    UncheckedIOException.class, () -> new StreamServer(s.address(), StreamServerTest::echo).start());
        }
    }

    @Test
    void serveForeverReturnsOnceStoppedFromAnotherGreenlet() {
        StreamServer server = new StreamServer(ANY_PORT, StreamServerTest::echo);
        Gevent.spawnLater(Duration.ofMillis(100), () -> {
            assertEquals("f", roundTrip(server.address(), "f"));
            server.stop(Duration.ofSeconds(1));
        });
        server.serveForever();
        assertTrue(server.isStopped());
    }

    static int readInt(Socket s) throws IOException {
        return new DataInputStream(s.getInputStream()).readInt();
    }

    static void writeInt(Socket s, int v) throws IOException {
        new DataOutputStream(s.getOutputStream()).writeInt(v);
    }
}
