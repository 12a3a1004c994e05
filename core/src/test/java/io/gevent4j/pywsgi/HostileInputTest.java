package io.gevent4j.pywsgi;

import static io.gevent4j.pywsgi.WSGIServerTest.ANY_PORT;
import static io.gevent4j.pywsgi.WSGIServerTest.awaitNoConnections;
import static io.gevent4j.pywsgi.WSGIServerTest.capturingStderr;
import static io.gevent4j.pywsgi.WSGIServerTest.respond;
import static io.gevent4j.pywsgi.WSGIServerTest.sleepMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import io.gevent4j.Gevent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hostile or broken client can send: each gets a clean answer (its 4xx) or a quiet end, the
 * connection is closed, nothing is reported as a server failure, and nothing is left behind.
 */
@Timeout(120)
class HostileInputTest {
    private final List<WSGIServer> servers = new ArrayList<>();
    /** What handlers saw fail, for the tests that look. */
    private final ConcurrentLinkedQueue<Throwable> handlerErrors = new ConcurrentLinkedQueue<>();

    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void stopServers() {
        for (WSGIServer s : servers) {
            s.stop(Duration.ZERO);
            awaitNoConnections(s);
        }
    }

    /** Echoes the body's length, after reading it all. */
    private final HttpHandler reader = ex -> {
        handled.incrementAndGet();
        try {
            respond(ex, 200, "read " + ex.getRequestBody().readAllBytes().length);
        } catch (IOException e) {
            handlerErrors.add(e);
            throw e;
        }
    };

    private WSGIServer serve(HttpHandler handler, Consumer<WSGIServer> settings) {
        WSGIServer s = WSGIServer.create(ANY_PORT, 0);
        s.createContext("/", handler);
        settings.accept(s);
        servers.add(s);
        s.start();
        return s;
    }

    /** Sends {@code request} on a new connection; returns the status of the answer, which must close the connection. */
    private static int refusal(WSGIServer s, String request) throws IOException {
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send(request).read();
            assertEquals("close", r.header("Connection"), request);
            assertTrue(c.closedByServer(), "closed after refusing " + request);
            return r.status();
        }
    }

    @Test
    void malformedRequestsGetTheirStatusAndTheConnectionCloses() throws Exception {
        WSGIServer s = serve(reader, x -> {});
        Map<String, Integer> cases = Map.ofEntries(
                Map.entry("GARBAGE\r\n\r\n", 400),
                Map.entry("GET /\r\n\r\n", 400),
                Map.entry("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
                Map.entry("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
                Map.entry("GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Map.entry("GET /a\"b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n folded\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
                Map.entry(
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                        400),
                Map.entry("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", 417),
                Map.entry("GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            assertEquals(c.getValue(), refusal(s, c.getKey()), c.getKey());
        }
        assertEquals(0, handled.get(), "no refused request reached the handler");
        try (Raw c = new Raw(s.getAddress())) {
            assertEquals(
                    "read 0",
                    c.send("GET http://host:1/abs?q HTTP/1.1\r\nHost: x\r\n\r\n")
                            .read()
                            .text());
            assertEquals(
                    "read 0",
                    c.send("\r\nGET /after-an-empty-line HTTP/1.1\nHost: x\n\n")
                            .read()
                            .text(),
                    "bare LF ends lines");
        }
    }

    @Test
    void limitsOnTheRequestLineHeadFieldsAndBody() throws Exception {
        WSGIServer s = serve(
                reader,
                x -> x.maxRequestLineLength(100)
                        .maxHeaderBytes(1000)
                        .maxHeaderCount(10)
                        .maxBodyBytes(50));
        assertEquals(414, refusal(s, "GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(414, refusal(s, "GET /" + "a".repeat(5000)), "refused before the line ends");
        assertEquals(431, refusal(s, "GET / HTTP/1.1\r\nHost: x\r\nBig: " + "b".repeat(2000) + "\r\n\r\n"));
        assertEquals(431, refusal(s, "GET / HTTP/1.1\r\nHost: x\r\n" + "F: v\r\n".repeat(11) + "\r\n"));
        assertEquals(413, refusal(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 51\r\n\r\n" + "x".repeat(51)));
        assertEquals(0, handled.get(), "a declared body over the limit never reaches the handler");
        assertEquals(
                413,
                refusal(
                        s,
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "20\r\n" + "x".repeat(32)
                                + "\r\n20\r\n" + "x".repeat(32) + "\r\n0\r\n\r\n"));
        try (Raw c = new Raw(s.getAddress())) {
            assertEquals(
                    "read 50",
                    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + "x".repeat(50))
                            .read()
                            .text());
        }
    }

    @Test
    void badChunksAreRefused() throws Exception {
        WSGIServer s = serve(reader, x -> {});
        String head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String body : List.of(
                "zz\r\n",
                "-1\r\n",
                "1 2\r\n",
                ";ext\r\n",
                "ffffffffffffffff\r\n",
                "5\r\nhello world\r\n",
                "5\r\nhelloXX",
                "0\r\nno colon trailer\r\n\r\n",
                "1;" + "e".repeat(5000) + "\r\nx\r\n0\r\n\r\n",
                "1\r\nx\r\n0\r\n" + "T: v\r\n".repeat(200) + "\r\n")) {
            int status = refusal(s, head + body);
            assertTrue(status == 400 || status == 431, body + " -> " + status);
        }
        assertEquals(10, handlerErrors.size(), "the handler saw each as a failed read");
        handlerErrors.forEach(e -> assertInstanceOf(HttpError.class, e));
    }

    @Test
    void aHeaderFloodIsCutOffAtTheLimit() throws Exception {
        WSGIServer s = serve(reader, x -> x.maxHeaderBytes(4096));
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            byte[] flood = "X-Flood: yes\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            Raw.Response r;
            try {
                for (int i = 0; i < 100; i++) {
                    c.send(flood); // 1.4 MB in all, unless the server stops it first
                }
            } catch (IOException expected) {
                // the server closed after refusing
            }
            r = c.read();
            assertEquals(431, r.status());
        }
    }

    @Test
    void slowClientsAreDisconnected() throws Exception {
        WSGIServer s = serve(reader, x -> x.readTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(300)));
        // Slowloris: a head that trickles in a byte at a time never completes.
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            Raw.Response r = null;
            for (int i = 0; i < 100 && r == null; i++) {
                try {
                    c.send("X");
                    sleepMillis(50);
                } catch (IOException closed) {
                    break;
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5)) {
                    break;
                }
            }
            r = c.read();
            assertEquals(408, r.status());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
        // An idle connection is closed without an answer.
        try (Raw c = new Raw(s.getAddress())) {
            assertTrue(c.closedByServer());
        }
        // A body that stops coming: the handler's read times out, and the server answers 408.
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
                    .read();
            assertEquals(408, r.status());
            assertInstanceOf(SocketTimeoutException.class, handlerErrors.poll());
        }
    }

    @Test
    void pipelinedGarbageEndsTheConnectionAfterTheGoodRequests() throws Exception {
        WSGIServer s = serve(reader, x -> {});
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n\u0001\u0002garbage\r\n\r\n");
            assertEquals("read 0", c.read().text());
            assertEquals("read 0", c.read().text());
            assertEquals(400, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void clientsThatDisconnectEarlyLeaveNothingBehindAndAreNotReported() throws Exception {
        WSGIServer s = serve(
                ex -> {
                    handled.incrementAndGet();
                    try {
                        if (ex.getRequestURI().getPath().equals("/slow")) {
                            Gevent.sleep(200);
                        }
                        byte[] body = ex.getRequestBody().readAllBytes();
                        ex.sendResponseHeaders(200, 0);
                        OutputStream out = ex.getResponseBody();
                        for (int i = 0; i < 200; i++) {
                            out.write(new byte[64 * 1024]);
                        }
                        out.write(body);
                        out.close();
                    } catch (IOException e) {
                        handlerErrors.add(e);
                        throw e;
                    }
                },
                x -> {});
        String err = capturingStderr(() -> {
            try (Raw c = new Raw(s.getAddress())) {
                c.send("GET / HTTP/1.1\r\nHo"); // in the middle of the head
            }
            try (Raw c = new Raw(s.getAddress())) {
                c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part"); // in the middle of the
                // body
            }
            try (Raw c = new Raw(s.getAddress())) {
                c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"); // gone before the answer
            }
            try (Raw c = new Raw(s.getAddress())) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                c.read(true); // the head of a 12 MB answer, then a reset
                c.socket.setSoLinger(true, 0);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((handled.get() < 3 || s.connections() > 0) && System.nanoTime() < deadline) {
                sleepMillis(10);
            }
        });
        assertFalse(err.contains("failed"), "a client going away is no server failure: " + err);
        assertEquals(0, s.connections());
        assertTrue(handlerErrors.size() >= 3, "the handlers saw their client go: " + handlerErrors);
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200 * 64 * 1024, c.read().body().length, "and the server goes on");
        }
    }

    @Test
    void aWriteThatBlocksTooLongEndsTheConnection() throws Exception {
        WSGIServer s = serve(
                ex -> {
                    ex.sendResponseHeaders(200, 0);
                    try {
                        for (int i = 0; i < 10_000; i++) {
                            ex.getResponseBody().write(new byte[64 * 1024]); // 640 MB: far beyond the socket buffers
                        }
                    } catch (IOException e) {
                        handlerErrors.add(e);
                        throw e;
                    }
                },
                x -> x.writeTimeout(Duration.ofMillis(300)));
        try (Raw c = new Raw(s.getAddress())) {
            c.socket.setReceiveBufferSize(4096);
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (handlerErrors.isEmpty() && System.nanoTime() < deadline) {
                sleepMillis(20);
            }
            assertInstanceOf(IOException.class, handlerErrors.peek(), "the stalled write failed");
        }
        awaitNoConnections(s);
    }
}
