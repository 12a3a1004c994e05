package io.gevent4j.pywsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.testkit.SelfSignedTls;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server as code written for the JDK's {@code HttpServer} uses it, and HTTP/1.1 on the wire. */
@Timeout(60)
class WSGIServerTest {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<WSGIServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        for (WSGIServer s : servers) {
            s.stop(Duration.ZERO);
            awaitNoConnections(s);
        }
    }

    static void awaitNoConnections(WSGIServer s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (s.connections() > 0 && System.nanoTime() < deadline) {
            sleepMillis(10);
        }
        assertEquals(0, s.connections(), "every connection of " + s + " has ended");
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private WSGIServer serve(HttpHandler handler) {
        WSGIServer s = WSGIServer.create(ANY_PORT, 0);
        s.createContext("/", handler);
        servers.add(s);
        s.start();
        return s;
    }

    static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** The seeds' application: "Hello " and the client's address, the request kept in a request-local. */
    static final class HelloApplication implements HttpHandler {
        private static final ThreadLocal<HttpExchange> REQUEST = new ThreadLocal<>();

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            REQUEST.set(exchange);
            try {
                byte[] body = logic().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } finally {
                REQUEST.remove();
                exchange.close();
            }
        }

        private static String logic() {
            return "Hello " + REQUEST.get().getRemoteAddress().getAddress().getHostAddress();
        }
    }

    @Test
    void servesTheSeedsApplicationToTheJdkClient() throws Exception {
        WSGIServer s = serve(new HelloApplication());
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r =
                    client.send(HttpRequest.newBuilder(uri(s, "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("Hello 127.0.0.1", r.body());
            assertEquals("text/html", r.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(r.headers().firstValue("Date").orElseThrow().endsWith(" GMT"));
        }
    }

    static URI uri(WSGIServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path);
    }

    @Test
    void aThreadLocalIsTheRequestsOwnWhileConnectionsInterleave() throws Exception {
        ThreadLocal<String> mine = new ThreadLocal<>();
        WSGIServer s = serve(ex -> {
            String id = ex.getRequestURI().getQuery();
            mine.set(id);
            Gevent.sleep(50); // every other connection's handler runs meanwhile on the same hub
            respond(ex, 200, mine.get() + " on " + Gevent.getCurrent().hub());
            mine.remove();
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                replies.add(client.sendAsync(
                        HttpRequest.newBuilder(uri(s, "/?" + i)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            String hub = null;
            for (int i = 0; i < 20; i++) {
                String body = replies.get(i).get(30, TimeUnit.SECONDS).body();
                assertTrue(body.startsWith(i + " on "), body);
                String on = body.substring(body.indexOf(" on ") + 4);
                assertTrue(hub == null || hub.equals(on), "one hub serves them all");
                hub = on;
            }
        }
    }

    @Test
    void keepAliveServesRequestsInTurnOnOneConnectionInOneGreenlet() throws Exception {
        List<Greenlet<?>> greenlets = new ArrayList<>();
        WSGIServer s = serve(ex -> {
            greenlets.add(Gevent.getCurrent());
            respond(ex, 200, ex.getRequestURI().getPath());
        });
        try (Raw c = new Raw(s.getAddress())) {
            for (String path : List.of("/a", "/b", "/c")) {
                Raw.Response r =
                        c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(path, r.text());
                assertNull(r.header("Connection"));
            }
            assertEquals(1, s.connections());
        }
        assertEquals(3, greenlets.size());
        assertTrue(
                greenlets.stream().allMatch(g -> g == greenlets.get(0)), "every request in the connection's greenlet");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        WSGIServer s = serve(ex -> respond(
                ex,
                200,
                ex.getRequestURI().getPath() + ":"
                        + new String(ex.getRequestBody().readAllBytes())));
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            batch.append("POST /")
                    .append(i)
                    .append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n")
                    .append(i);
        }
        batch.append("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try (Raw c = new Raw(s.getAddress())) {
            c.send(batch.toString());
            for (int i = 0; i < 10; i++) {
                assertEquals("/" + i + ":" + i, c.read().text());
            }
            Raw.Response last = c.read();
            assertEquals("/last:", last.text());
            assertEquals("close", last.header("Connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void chunkedRequestAndResponseBodies() throws Exception {
        WSGIServer s = serve(ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (byte b : in) {
                    out.write(b); // many small writes
                }
                out.flush();
                out.write(new byte[20_000]); // more than the output buffer
            }
        });
        try (Raw c = new Raw(s.getAddress())) {
            c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "5;ext=1\r\nhello\r\n"
                    + "6\r\n world\r\n" + "0\r\nTrailer-Field: t\r\n\r\n");
            Raw.Response r = c.read();
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals(11 + 20_000, r.body().length);
            assertEquals("hello world", new String(r.body(), 0, 11, StandardCharsets.US_ASCII));
            c.send("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            assertEquals(20_000, c.read().body().length, "the connection goes on after a chunked exchange");
        }
    }

    @Test
    void hundredContinueIsSentWhenTheHandlerReadsTheBody() throws Exception {
        WSGIServer s = serve(ex -> {
            if (ex.getRequestURI().getPath().equals("/refuse")) {
                respond(ex, 403, "no");
            } else {
                respond(ex, 200, new String(ex.getRequestBody().readAllBytes()));
            }
        });
        try (Raw c = new Raw(s.getAddress())) {
            c.send("PUT /take HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertEquals(100, c.read().status());
            c.send("body");
            assertEquals("body", c.read().text());
            // Refused without reading: no 100, and the connection closes (the client keeps the body).
            c.send("PUT /refuse HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            Raw.Response r = c.read();
            assertEquals(403, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void headKeepsTheLengthAndDropsTheBody() throws Exception {
        WSGIServer s = serve(ex -> respond(ex, 200, "twelve bytes"));
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals("12", r.header("Content-Length"));
            assertEquals(
                    "twelve bytes",
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text(),
                    "no body was sent");
        }
    }

    @Test
    void theJdksLengthRules() throws Exception {
        AtomicReference<Throwable> tooMuch = new AtomicReference<>();
        AtomicReference<Throwable> noBody = new AtomicReference<>();
        WSGIServer s = serve(ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/none" -> {
                    ex.sendResponseHeaders(200, -1);
                    try {
                        ex.getResponseBody().write(1);
                    } catch (IOException e) {
                        noBody.set(e);
                    }
                    ex.close();
                }
                case "/204" -> ex.sendResponseHeaders(204, -1);
                case "/toomuch" -> {
                    ex.sendResponseHeaders(200, 2);
                    try {
                        ex.getResponseBody().write(new byte[3]);
                    } catch (IOException e) {
                        tooMuch.set(e);
                    }
                    ex.getResponseBody().write(new byte[2]);
                }
                case "/short" -> {
                    ex.sendResponseHeaders(200, 10);
                    ex.getResponseBody().write(new byte[3]);
                }
                default -> {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write("until close".getBytes());
                }
            }
        });
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response none = c.send("GET /none HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("0", none.header("Content-Length"));
            Raw.Response noContent =
                    c.send("GET /204 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertInstanceOf(IOException.class, noBody.get(), "the handler of the previous request has returned");
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Content-Length"));
            assertEquals(
                    2, c.send("GET /toomuch HTTP/1.1\r\nHost: x\r\n\r\n").read().body().length);
            assertInstanceOf(IOException.class, tooMuch.get());
            c.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThrows(IOException.class, c::read, "a response short of its length is cut off");
        }
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send("GET /any HTTP/1.0\r\n\r\n").read();
            assertNull(r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertEquals("until close", r.text());
        }
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send("GET /none HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    .read();
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(
                    204,
                    c.send("GET /204 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                            .read()
                            .status());
        }
    }

    @Test
    void contextsFiltersAuthenticatorsAndAttributes() throws Exception {
        WSGIServer s = WSGIServer.create(ANY_PORT, 0);
        servers.add(s);
        s.createContext("/", ex -> respond(ex, 200, "root"));
        HttpContext api = s.createContext(
                "/api",
                ex -> respond(
                        ex,
                        200,
                        "api " + ex.getAttribute("seen") + " "
                                + ex.getPrincipal().getUsername() + " "
                                + ex.getHttpContext().getPath()));
        api.getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                ex.setAttribute("seen", "filtered");
                ex.getResponseHeaders().set("X-Filter", "yes");
                ex.setStreams(null, new FilterOutputStream(ex.getResponseBody()) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(Character.toUpperCase(b));
                    }
                });
                chain.doFilter(ex);
            }

            @Override
            public String description() {
                return "upper-cases the body";
            }
        });
        api.setAuthenticator(new BasicAuthenticator("realm") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return user.equals("ann") && password.equals("secret");
            }
        });
        s.createContext("/gone", ex -> respond(ex, 200, "gone"));
        s.removeContext("/gone");
        s.start();
        String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString("ann:secret".getBytes()) + "\r\n";
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r =
                    c.send("GET /api/x HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").read();
            assertEquals("API FILTERED ANN /API", r.text());
            assertEquals("yes", r.header("X-Filter"));
            assertEquals(
                    401, c.send("GET /api HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertEquals(
                    "root",
                    c.send("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n").read().text(),
                    "the longest remaining prefix");
        }
        s.removeContext("/");
        try (Raw c = new Raw(s.getAddress())) {
            assertEquals(
                    404, c.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertEquals(
                    401,
                    c.send("GET /api%2Fx HTTP/1.1\r\nHost: x\r\n\r\n").read().status(),
                    "matched on the decoded path");
        }
        assertThrows(IllegalArgumentException.class, () -> s.removeContext("/nothing"));
    }

    @Test
    void servesHttpsAndHandlersSeeAnHttpsExchange(@TempDir Path dir) throws Exception {
        SSLContext tls = SelfSignedTls.context(dir);
        WSGIServer s = WSGIServer.create(ANY_PORT, 0);
        servers.add(s);
        s.createContext(
                "/",
                ex -> respond(
                        ex,
                        200,
                        ex instanceof HttpsExchange h ? h.getSSLSession().getProtocol() : "plain"));
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.start();
        try (Raw c = new Raw(tls.getSocketFactory()
                .createSocket(s.getAddress().getAddress(), s.getAddress().getPort()))) {
            ((SSLSocket) c.socket).startHandshake();
            for (int i = 0; i < 2; i++) {
                assertTrue(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                        .read()
                        .text()
                        .startsWith("TLS"));
            }
        }
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.closedByServer(), "plain HTTP to a TLS port ends the connection");
        }
    }

    @Test
    void anExecutorRunsTheHandlersWhileTheConnectionWaits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            WSGIServer s = WSGIServer.create(ANY_PORT, 0);
            servers.add(s);
            s.createContext("/", ex -> respond(ex, 200, Thread.currentThread().isVirtual() ? "greenlet" : "pool"));
            s.setExecutor(pool);
            assertSame(pool, s.getExecutor());
            s.start();
            assertThrows(IllegalStateException.class, () -> s.setExecutor(null));
            try (Raw c = new Raw(s.getAddress())) {
                assertEquals(
                        "pool",
                        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
                assertEquals(
                        "pool",
                        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theProviderMakesHttpServerCreateReturnOne() throws Exception {
        WSGIServerProvider provider = new WSGIServerProvider();
        HttpServer plain = provider.createHttpServer(ANY_PORT, 0);
        assertInstanceOf(WSGIServer.class, plain);
        servers.add((WSGIServer) plain);
        plain.createContext("/", new HelloApplication());
        plain.start();
        try (Raw c = new Raw(plain.getAddress())) {
            assertEquals(
                    "Hello 127.0.0.1",
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
        }
        WSGIServer secure = (WSGIServer) provider.createHttpsServer(null, 0);
        assertNull(secure.getAddress());
        secure.stop(0);
    }

    @Test
    void aFailingHandlerIsReportedAnsweredWith500AndTheServerGoesOn() throws Exception {
        WSGIServer s = serve(ex -> {
            if (ex.getRequestURI().getPath().equals("/fail")) {
                throw new IllegalStateException("handler bug");
            }
            if (ex.getRequestURI().getPath().equals("/silent")) {
                return; // no response at all
            }
            respond(ex, 200, "fine");
        });
        String err = capturingStderr(() -> {
            try (Raw c = new Raw(s.getAddress())) {
                Raw.Response r = c.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(500, r.status());
                assertEquals("close", r.header("Connection"));
            }
            try (Raw c = new Raw(s.getAddress())) {
                assertEquals(
                        500,
                        c.send("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            }
            try (Raw c = new Raw(s.getAddress())) {
                assertEquals(
                        "fine",
                        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        });
        assertTrue(err.contains("handler bug"), err);
    }

    /** Runs {@code body} with stderr captured; returns what was printed. */
    static String capturingStderr(io.gevent4j.ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stopClosesIdleConnectionsAtOnceAndLetsRequestsInProgressFinish() throws Exception {
        WSGIServer s = serve(ex -> {
            Gevent.sleep(300);
            respond(ex, 200, "finished");
        });
        try (Raw idle = new Raw(s.getAddress());
                Raw busy = new Raw(s.getAddress())) {
            idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            busy.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            sleepMillis(100); // the busy request is in its handler
            long start = System.nanoTime();
            assertTrue(s.stop(Duration.ofSeconds(20)), "everything finished by itself");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "no wait for the idle client");
            assertTrue(idle.closedByServer());
            Raw.Response r = busy.read();
            assertEquals("finished", r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(busy.closedByServer());
        }
        awaitNoConnections(s);
        assertThrows(java.net.ConnectException.class, () -> new Raw(s.getAddress()).close());
    }

    @Test
    void stopKillsRequestsThatOutlastTheGrace() throws Exception {
        WSGIServer s = serve(ex -> {
            Gevent.sleep(Duration.ofHours(1));
            respond(ex, 200, "never");
        });
        try (Raw c = new Raw(s.getAddress())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            sleepMillis(100);
            assertFalse(s.stop(Duration.ofMillis(100)));
            assertTrue(c.closedByServer());
        }
        awaitNoConnections(s);
    }

    @Test
    void theSeedsOneLinerServesFromAGreenlet() throws Exception {
        AtomicReference<WSGIServer> started = new AtomicReference<>();
        Greenlet<Void> serving = Gevent.spawn(() -> {
            WSGIServer s = new WSGIServer(ANY_PORT, new HelloApplication());
            started.set(s);
            s.serveForever();
        });
        Gevent.sleep(50);
        WSGIServer s = started.get();
        servers.add(s);
        Greenlet<String> client = Gevent.spawn(() -> {
            try (Raw c = new Raw(s.getAddress())) {
                return c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            }
        });
        assertEquals("Hello 127.0.0.1", client.get());
        s.stop(Duration.ZERO);
        assertTrue(serving.join(Duration.ofSeconds(10)));
    }

    @Test
    void servesOnSeveralHubsWithAFirstContextAndTheJdksOwnFilters() throws Exception {
        WSGIServer s = WSGIServer.create(
                        ANY_PORT,
                        0,
                        "/",
                        ex -> respond(
                                ex,
                                200,
                                ex.getRequestHeaders().getFirst("X-Tag") + " "
                                        + Gevent.getCurrent().hub()),
                        Filter.adaptRequest("tags the request", r -> r.with("X-Tag", List.of("tagged"))))
                .hubs(2);
        servers.add(s);
        s.start();
        java.util.Set<String> answers = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            try (Raw c = new Raw(s.getAddress())) {
                answers.add(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }
        assertEquals(2, answers.size(), "connections are dealt to both hubs: " + answers);
        assertTrue(answers.stream().allMatch(a -> a.startsWith("tagged ")), answers.toString());
    }

    @Test
    void badUseIsRefusedAtOnce() throws Exception {
        WSGIServer unbound = WSGIServer.create();
        servers.add(unbound);
        assertNull(unbound.getAddress());
        assertThrows(IllegalStateException.class, unbound::start);
        assertThrows(NullPointerException.class, () -> unbound.createContext(null));
        assertThrows(IllegalArgumentException.class, () -> unbound.createContext("no-slash"));
        assertThrows(NullPointerException.class, () -> unbound.createContext("/", null));
        unbound.createContext("/");
        assertThrows(IllegalArgumentException.class, () -> unbound.createContext("/"));
        assertThrows(IllegalArgumentException.class, () -> unbound.stop(-1));
        assertThrows(IllegalArgumentException.class, () -> unbound.idleTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> unbound.maxHeaderBytes(0));
        assertThrows(IllegalArgumentException.class, () -> unbound.maxBodyBytes(0));
        WSGIServer bound = serve(ex -> {
            ex.sendResponseHeaders(200, -1);
            assertThrows(IOException.class, () -> ex.sendResponseHeaders(200, -1));
        });
        assertThrows(java.io.UncheckedIOException.class, () -> WSGIServer.create(bound.getAddress(), 0));
        assertThrows(IllegalStateException.class, () -> bound.bind(ANY_PORT, 0));
        assertThrows(IllegalStateException.class, bound::start);
        assertThrows(IllegalStateException.class, () -> bound.maxHeaderCount(5));
        WSGIServer handlerChecks = serve(ex -> {
            assertThrows(IllegalArgumentException.class, () -> ex.sendResponseHeaders(99, 0));
            assertThrows(IllegalArgumentException.class, () -> ex.sendResponseHeaders(200, -2));
            ex.getResponseHeaders().add("X-Bad", "control\u0001character");
            assertThrows(IllegalArgumentException.class, () -> ex.sendResponseHeaders(200, -1));
            ex.getResponseHeaders().remove("X-Bad");
            ex.getResponseHeaders().add("X:Bad", "colon in the name");
            assertThrows(IllegalArgumentException.class, () -> ex.sendResponseHeaders(200, -1));
            ex.getResponseHeaders().remove("X:Bad");
            ex.sendResponseHeaders(200, -1);
        });
        try (Raw c = new Raw(handlerChecks.getAddress())) {
            Raw.Response r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, r.status());
            assertNull(r.header("X-Bad"));
        }
        try (Raw c = new Raw(bound.getAddress())) {
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void requestDetailsAsTheJdkGivesThem() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        WSGIServer s = serve(ex -> {
            seen.set(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getProtocol() + " "
                    + ex.getRequestHeaders().getFirst("x-multi") + " "
                    + ex.getRequestHeaders().get("X-Multi").size()
                    + " " + ex.getLocalAddress().getPort() + " "
                    + ex.getHttpContext().getPath());
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> ex.getRequestHeaders().add("a", "b"));
            ex.setAttribute("k", "v");
            assertEquals("v", ex.getAttribute("k"));
            ex.setAttribute("k", null);
            assertNull(ex.getAttribute("k"));
            assertNotNull(ex.getRemoteAddress());
            assertEquals(-1, ex.getResponseCode());
            respond(ex, 201, "");
            assertEquals(201, ex.getResponseCode());
        });
        try (Raw c = new Raw(s.getAddress())) {
            Raw.Response r = c.send(
                            "DELETE /p/q?x=1&y=%20 HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nx-multi:  two \r\n\r\n")
                    .read();
            assertEquals(201, r.status());
        }
        assertEquals("DELETE /p/q?x=1&y=%20 HTTP/1.1 one 2 " + s.getAddress().getPort() + " /", seen.get());
    }
}
