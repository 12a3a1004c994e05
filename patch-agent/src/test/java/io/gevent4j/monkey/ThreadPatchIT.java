package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gevent4j.monkey.programs.CrawlerProgram;
import io.gevent4j.monkey.programs.EchoServerProgram;
import io.gevent4j.monkey.programs.ExitProgram;
import io.gevent4j.monkey.programs.NonHubProgram;
import io.gevent4j.monkey.programs.OwnThreadsProgram;
import io.gevent4j.monkey.programs.ThreadExcludeProgram;
import io.gevent4j.monkey.programs.ThreadOptionProgram;
import io.gevent4j.monkey.programs.ThreadSemanticsProgram;
import io.gevent4j.monkey.programs.excluded.Starter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Patch "thread": unmodified programs whose threads and pools, started from a hub (here: main as the
 * root greenlet, {@code -javaagent:...=main}), run as greenlets, with the output, exceptions and exit
 * behaviour they have on platform threads.
 */
class ThreadPatchIT {
    static final int CONNECTIONS = 1000;
    static final int REQUESTS = 2000;
    static final int POOL = 200;
    static final int LATENCY_MS = 200;

    // ---- figures ---------------------------------------------------------------------------------

    @Test
    void threadPerConnectionEchoServerServesThousandConnectionsOnFewPlatformThreads() throws Exception {
        int with = echo(Jvm.agent("main"));
        int without = echo(List.of(Jvm.OPENS));
        System.out.println("figure: echo server, " + CONNECTIONS + " connections open: live platform threads " + with
                + " with the agent, " + without + " without");
        assertTrue(with < 50, () -> "with the agent: " + with + " platform threads");
        assertTrue(without > CONNECTIONS, () -> "without the agent: " + without + " platform threads");
    }

    /** Opens every connection, echoes a line on each, samples the server's thread count, then closes them; returns the count. */
    private static int echo(List<String> jvmArgs) throws Exception {
        try (Jvm.Running server = Jvm.start(jvmArgs, EchoServerProgram.class, CONNECTIONS)) {
            int port = Integer.parseInt(server.await("port"));
            Socket[] sockets = new Socket[CONNECTIONS];
            BufferedReader[] in = new BufferedReader[CONNECTIONS];
            Writer[] out = new Writer[CONNECTIONS];
            for (int i = 0; i < CONNECTIONS; i++) {
                sockets[i] = new Socket(InetAddress.getLoopbackAddress(), port);
                sockets[i].setSoTimeout(60_000);
                in[i] = new BufferedReader(new InputStreamReader(sockets[i].getInputStream(), StandardCharsets.UTF_8));
                out[i] = new OutputStreamWriter(sockets[i].getOutputStream(), StandardCharsets.UTF_8);
                assertEquals("hello " + i, roundTrip(in[i], out[i], "hello " + i));
            }
            int threads = Integer.parseInt(roundTrip(in[0], out[0], "threads"));
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEquals("bye " + i, roundTrip(in[i], out[i], "bye " + i));
                sockets[i].close();
            }
            Jvm.Result r = server.finish();
            assertEquals(0, r.exit(), r::toString);
            assertEquals(String.valueOf(CONNECTIONS), r.line("accepted"), r::toString);
            // main returned long before the handlers ended: the non-daemon handler threads kept the JVM up.
            assertEquals(String.valueOf(CONNECTIONS), r.line("handlersFinished"), r::toString);
            assertEquals("", r.err(), r::toString);
            return threads;
        }
    }

    private static String roundTrip(BufferedReader in, Writer out, String line) throws Exception {
        out.write(line + "\n");
        out.flush();
        return in.readLine();
    }

    @Test
    void fixedPoolCrawlerFinishesTogetherOnOneHub() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(LATENCY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("page " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
            inFlight.decrementAndGet();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Jvm.Result with = Jvm.withAgent("main", List.of(), CrawlerProgram.class, base, REQUESTS, POOL);
            int concurrencyWith = maxInFlight.getAndSet(0);
            Jvm.Result without = Jvm.withoutAgent(List.of(), CrawlerProgram.class, base, REQUESTS, POOL);
            System.out.println("figure: crawler, " + REQUESTS + " requests, pool of " + POOL + ", " + LATENCY_MS
                    + " ms each: " + with.elapsedMs() + " ms with the agent (" + concurrencyWith
                    + " in flight at most, peak "
                    + with.line("diag.peakPlatformThreads") + " platform threads), " + without.elapsedMs()
                    + " ms without (peak " + without.line("diag.peakPlatformThreads") + " platform threads)");
            for (Jvm.Result r : List.of(with, without)) {
                assertEquals(0, r.exit(), r::toString);
                assertEquals("true", r.line("terminated"), r::toString);
            }
            assertEquals("[virtual]", with.line("diag.workers"), with::toString);
            assertEquals("[platform]", without.line("diag.workers"), without::toString);
            long bound = 2L * (REQUESTS / POOL) * LATENCY_MS;
            assertTrue(with.elapsedMs() < bound, () -> "took " + with.elapsedMs() + " ms, bound " + bound + " ms");
            assertEquals(comparable(without.out()), comparable(with.out()));
            assertEquals("page /item/1999", with.line("result 1999").substring(4), with::toString);
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    // ---- semantics ---------------------------------------------------------------------------------

    @Test
    void threadsAndPoolsBehaveAsPlatformThreads() {
        Jvm.Result with = Jvm.withAgent("main", List.of(), ThreadSemanticsProgram.class);
        Jvm.Result without = Jvm.withoutAgent(List.of(), ThreadSemanticsProgram.class);
        assertEquals(0, without.exit(), without::toString);
        assertEquals(0, with.exit(), with::toString);
        assertEquals(comparable(without.out()), comparable(with.out()));
        // Uncaught exceptions are reported by the same handlers, in the same words (stack frames differ).
        assertEquals(reported(without.err()), reported(with.err()));
        assertTrue(
                reported(with.err())
                        .contains("Exception in thread \"thrower-bare\" java.lang.IllegalStateException: boom bare"),
                with::toString);
        assertEquals("true", with.line("diag.threadVirtual"), with::toString);
        assertEquals("false", without.line("diag.threadVirtual"), without::toString);
        assertEquals(
                "{cached=true, factory=true, fixed=true, scheduled=true, threadPoolExecutor=true, workStealing=true}",
                with.line("diag.poolsVirtual"),
                with::toString);
        assertEquals(
                "{cached=false, factory=false, fixed=false, scheduled=false, threadPoolExecutor=false, workStealing=false}",
                without.line("diag.poolsVirtual"),
                without::toString);
        // Kept on platform threads by design: the common pool, CompletableFuture's async methods.
        assertEquals("true", with.line("commonPool.asyncOnPlatformThread"), with::toString);
        assertEquals("true", with.line("commonPool.helpersOnPlatformThreads"), with::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonDaemon", "daemon", "pool", "nested", "throws"})
    void programsExitWhenTheyWouldWithoutTheAgent(String mode) {
        long t0 = System.nanoTime();
        Jvm.Result with = Jvm.withAgent("main", List.of(), ExitProgram.class, mode);
        long withMs = (System.nanoTime() - t0) / 1_000_000;
        Jvm.Result without = Jvm.withoutAgent(List.of(), ExitProgram.class, mode);
        assertEquals(without.exit(), with.exit(), with::toString);
        assertEquals(without.out(), with.out(), with::toString);
        assertEquals(reported(without.err()), reported(with.err()));
        switch (mode) {
            case "nonDaemon" -> assertEquals("main done\nworker done\n", with.out());
            case "daemon" -> {
                assertEquals("main done\nnon-daemon done\n", with.out());
                assertTrue(withMs < 8_000, () -> "a sleeping daemon thread kept the JVM up: " + withMs + " ms");
            }
            case "pool" -> assertEquals("main done\ntask done\n", with.out());
            case "nested" -> assertTrue(with.out().contains("inner done"), with::toString);
            default -> {
                assertEquals(1, with.exit(), with::toString);
                assertEquals("worker done\n", with.out());
                assertTrue(
                        with.err()
                                .startsWith(
                                        "Exception in thread \"main\" java.lang.IllegalStateException: main failed"),
                        with::toString);
            }
        }
    }

    @Test
    void threadsStartedOffAnyHubAreUntouched() {
        Jvm.Result with = Jvm.withAgent(null, List.of(), NonHubProgram.class); // every patch, main not on a hub
        Jvm.Result without = Jvm.withoutAgent(List.of(), NonHubProgram.class);
        assertEquals(0, with.exit(), with::toString);
        assertEquals(without.out(), with.out());
        assertEquals(without.err(), with.err());
        assertTrue(
                with.out().lines().filter(l -> l.contains(".virtual=")).allMatch(l -> l.endsWith("=false")),
                with::toString);

        // Main on a hub: its own threads convert; a thread started with Thread.ofPlatform().start() does not
        // (JDK code starts it), and neither does anything that thread starts.
        Jvm.Result onHub = Jvm.withAgent("main", List.of(), NonHubProgram.class);
        assertEquals(0, onHub.exit(), onHub::toString);
        assertEquals("true", onHub.line("main.plainThread.virtual"), onHub::toString);
        assertEquals("false", onHub.line("jdk.timer.virtual"), onHub::toString);
        assertEquals(
                without.out().lines().filter(l -> l.startsWith("builder.")).toList(),
                onHub.out().lines().filter(l -> l.startsWith("builder.")).toList());
    }

    @Test
    void gevent4jsOwnThreadsStayPlatformThreads() {
        Jvm.Result r = Jvm.withAgent(null, List.of(), OwnThreadsProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("true", r.line("read"), r::toString);
        assertEquals("true", r.line("monitorPlatform"), r::toString);
        assertEquals("true", r.line("threadPoolPlatform"), r::toString);
        assertEquals("2", r.line("serverHubsPlatform"), r::toString);
    }

    @Test
    void patchAllIncludesThreadsAndASubsetCanLeaveThemOut() {
        Jvm.Result all =
                Jvm.run(Jvm.JAVA, List.of("-XX:+EnableDynamicAgentLoading"), ThreadOptionProgram.class.getName());
        assertEquals(0, all.exit(), all::toString);
        assertEquals("[time, socket, dns, io, process, thread]", all.line("patched"), all::toString);
        assertEquals("true", all.line("converted"), all::toString);
        assertEquals("true alive=false", all.line("rootJoined"), all::toString);
        assertTrue(all.out().endsWith("mainReturns\nlate=true\n"), all::toString);
        assertEquals("", all.err(), all::toString);

        Jvm.Result subset = Jvm.run(
                Jvm.JAVA,
                List.of("-XX:+EnableDynamicAgentLoading"),
                ThreadOptionProgram.class.getName(),
                "time,socket,dns,io,process");
        assertEquals(0, subset.exit(), subset::toString);
        assertEquals("[time, socket, dns, io, process]", subset.line("patched"), subset::toString);
        assertEquals("false", subset.line("converted"), subset::toString);
        assertEquals("false alive=false", subset.line("rootJoined"), subset::toString);
        assertTrue(subset.out().endsWith("mainReturns\nlate=false\n"), subset::toString);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Stdout without timings and "diag." lines: what must be identical with and without the agent. */
    private static String comparable(String out) {
        return out.lines()
                .filter(l -> !l.startsWith("elapsedMs=") && !l.startsWith("diag."))
                .collect(Collectors.joining("\n"));
    }

    /** Stderr without stack frames: the lines an uncaught-exception report starts with. */
    private static String reported(String err) {
        return err.lines()
                .filter(l -> !l.startsWith("\t") && !l.startsWith(" "))
                .sorted()
                .collect(Collectors.joining("\n"));
    }

    // ---- exclusions -------------------------------------------------------------------------------

    private static final String EXCLUDED_PACKAGE = Starter.class.getPackageName() + ".";
    private static final String EXCLUDED_RUNNABLE = ThreadExcludeProgram.Spinner.class.getName();
    private static final String EXCLUDED = "converted virtual=true\n" + "name virtual=false sawFlag=true\n"
            + "package virtual=false sawFlag=true\n" + "runnable virtual=false sawFlag=true\n";

    /**
     * Threads excluded by the package of the class that starts them, by their Runnable's class, and by
     * a name prefix stay platform threads and spin while the hub runs a greenlet; a thread that matches
     * nothing is still converted. The same from the agent's option, the system property, and
     * Monkey.patchAll.
     */
    @Test
    void excludedThreadsStayPlatformThreads() {
        String entries = EXCLUDED_PACKAGE + "|" + EXCLUDED_RUNNABLE + "|name:spin-";
        Jvm.Result option = Jvm.withAgent("thread.exclude=" + entries, List.of(), ThreadExcludeProgram.class);
        assertEquals(0, option.exit(), option::toString);
        assertEquals(EXCLUDED, option.out(), option::toString);
        assertEquals("", option.err(), option::toString);

        Jvm.Result property = Jvm.withAgent(
                null,
                List.of("-Dgevent4j.thread.exclude=" + EXCLUDED_PACKAGE + "," + EXCLUDED_RUNNABLE + "|name:spin-"),
                ThreadExcludeProgram.class);
        assertEquals(0, property.exit(), property::toString);
        assertEquals(EXCLUDED, property.out(), property::toString);
        assertEquals("", property.err(), property::toString);

        Jvm.Result monkey = Jvm.run(
                Jvm.JAVA,
                List.of("-XX:+EnableDynamicAgentLoading"),
                ThreadExcludeProgram.class.getName(),
                "thread.exclude=" + entries);
        assertEquals(0, monkey.exit(), monkey::toString);
        assertEquals(EXCLUDED, monkey.out(), monkey::toString);
        assertEquals("", monkey.err(), monkey::toString);
    }

    /** A bad entry, and an unknown setting, are each said in one line; the rest applies and the program runs. */
    @Test
    void badExclusionsAreSaidAndIgnored() {
        Jvm.Result r = Jvm.withAgent(
                "thread.exclude=9bad|name:|" + EXCLUDED_PACKAGE + "|" + EXCLUDED_RUNNABLE + ",thread.exclude=name:spin-"
                        + ",thread.exlude=x",
                List.of(),
                ThreadExcludeProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXCLUDED, r.out(), r::toString);
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("'thread.exlude=x' is ignored"), r::toString);
        assertTrue(lines.get(1).contains("'9bad' is ignored"), r::toString);
        assertTrue(lines.get(2).contains("'name:' is ignored"), r::toString);
    }
}
