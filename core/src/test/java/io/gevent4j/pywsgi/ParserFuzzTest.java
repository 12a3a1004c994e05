package io.gevent4j.pywsgi;

import static io.gevent4j.pywsgi.WSGIServerTest.ANY_PORT;
import static io.gevent4j.pywsgi.WSGIServerTest.awaitNoConnections;
import static io.gevent4j.pywsgi.WSGIServerTest.capturingStderr;
import static io.gevent4j.pywsgi.WSGIServerTest.respond;
import static io.gevent4j.pywsgi.WSGIServerTest.sleepMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.Gevent;
import io.gevent4j.Hub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of generated malformed requests (mutated valid ones, and noise), each on its own
 * connection: none may hang, throw out of the server, get a malformed answer, or leave a connection or
 * greenlet behind. The seed is fixed so that a failure can be replayed.
 */
@Timeout(300)
class ParserFuzzTest {
    private static final int CASES = 3000;
    private static final long SEED = 20261201L;
    private static final String[] VALID = {
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /path/to?q=1&r=%20 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\nUser-Agent: fuzz\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n6\r\n world\r\n0\r\nT: v\r\n\r\n",
        "PUT /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nokGET /c HTTP/1.1\r\nHost: x\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://host:80/abs HTTP/1.1\r\nHost: host\r\n\r\n",
    };
    private static final byte[] SPECIAL = {
        '\r', '\n', 0, ' ', '\t', ':', ';', '%', '/', '?', '0', '9', 'f', (byte) 0xFF, (byte) 0x80, 0x7F, '-'
    };

    @Test
    void malformedRequestsNeverHangThrowOrLeak() throws Exception {
        AtomicReference<Hub> serverHub = new AtomicReference<>();
        WSGIServer s = WSGIServer.create(ANY_PORT, 0)
                .readTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(2))
                .maxHeaderBytes(2048)
                .maxBodyBytes(4096);
        s.createContext("/", ex -> {
            serverHub.set(Gevent.getCurrent().hub());
            respond(
                    ex,
                    200,
                    "read " + ex.getRequestBody().readAllBytes().length + " "
                            + ex.getRequestURI().getPath());
        });
        s.start();
        Random random = new Random(SEED);
        List<byte[]> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(
                    i % 10 == 0
                            ? noise(random)
                            : mutate(
                                    VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.ISO_8859_1), random));
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        String err;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            err = capturingStderr(() -> {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    int n = i;
                    done.add(clients.submit(() -> {
                        String reply = exchange(s.getAddress(), cases.get(n));
                        if (!reply.isEmpty()) {
                            assertTrue(
                                    reply.matches("(?s)(HTTP/1\\.1 [1-5]\\d\\d [^\r\n]*\r\n.*)+"),
                                    "case " + n + " got a malformed answer: " + reply);
                            answered.incrementAndGet();
                            if (reply.matches("(?s).*HTTP/1\\.1 4\\d\\d .*")) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            });
        } finally {
            clients.shutdownNow();
        }
        awaitNoConnections(s);
        assertTrue(!err.contains("failed"), "nothing was reported as a server failure:\n" + err);
        assertTrue(
                answered.get() > CASES / 2 && refused.get() > CASES / 4,
                "most cases got an answer, many a refusal: " + answered + " answered, " + refused + " refused");
        Hub hub = serverHub.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hub.stats().alive() > 3 && System.nanoTime() < deadline) {
            sleepMillis(10); // the connections' greenlets die just after their sockets close
        }
        assertEquals(
                3,
                hub.stats().alive(),
                "only the server's own are left (its hub thread's root, acceptor, write watchdog): " + Gevent.dump());
        try (Raw c = new Raw(s.getAddress())) {
            assertEquals(
                    "read 0 /",
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text(),
                    "the server still serves");
        }
        s.stop(Duration.ZERO);
        awaitNoConnections(s);
    }

    /** Sends {@code request}, ends the sending side, and returns everything the server sent before it closed. */
    private static String exchange(InetSocketAddress address, byte[] request) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(30_000);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (IOException refusedEarly) {
                // the server answered and closed before it had it all
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    reply.write(buf, 0, n);
                }
            } catch (SocketTimeoutException hang) {
                throw new AssertionError(
                        "the server neither answered nor closed within 30 s: "
                                + new String(request, StandardCharsets.ISO_8859_1),
                        hang);
            } catch (IOException reset) {
                // a reset after the answer: what came is kept
            }
            return reply.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(valid);
        byte[] b = out.toByteArray();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(b.length + 1);
            b = switch (random.nextInt(8)) {
                case 0 -> splice(b, at, Math.min(b.length, at + 1), new byte[] {(byte) random.nextInt(256)});
                case 1 -> splice(b, at, at, new byte[] {SPECIAL[random.nextInt(SPECIAL.length)]});
                case 2 -> splice(b, at, Math.min(b.length, at + 1 + random.nextInt(4)), new byte[0]);
                case 3 -> java.util.Arrays.copyOf(b, at);
                case 4 -> splice(b, at, at, repeat(SPECIAL[random.nextInt(SPECIAL.length)], 1 + random.nextInt(5000)));
                case 5 ->
                    splice(
                            b,
                            at,
                            at,
                            "99999999999999999999".substring(random.nextInt(20)).getBytes(StandardCharsets.US_ASCII));
                case 6 -> splice(b, at, at, "\r\nX-Injected: v\r\n".getBytes(StandardCharsets.US_ASCII));
                default -> {
                    int from = random.nextInt(b.length + 1);
                    byte[] segment = java.util.Arrays.copyOfRange(b, Math.min(from, at), Math.max(from, at));
                    yield splice(b, at, at, segment);
                }
            };
        }
        return b;
    }

    private static byte[] noise(Random random) {
        byte[] b = new byte[1 + random.nextInt(3000)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static byte[] repeat(byte c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, c);
        return b;
    }
}
