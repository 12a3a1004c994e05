package io.gevent4j.examples.legacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Java program that knows nothing of gevent4j: a thread-per-connection echo server and as many
 * client threads. Each client connects, waits until every other one has connected too, then sends a few
 * lines, sleeping before each, and checks their echoes; so all connections are open at once. Every
 * thread is a {@code new Thread(...)}, every wait a blocking {@link Socket} read, a {@link Thread#sleep}
 * or a {@link CountDownLatch}.
 *
 * <p>Run as it is, it needs a platform thread per connection on each side. Run with the patch agent,
 * unchanged, every one of those threads is a greenlet of the main thread's hub:
 * <pre>
 * java -cp examples/target/classes io.gevent4j.examples.legacy.ThreadPerConnectionEcho 1000
 * java -javaagent:patch-agent/target/gevent4j-patch-agent-VERSION.jar=main \
 *      -cp examples/target/classes io.gevent4j.examples.legacy.ThreadPerConnectionEcho 1000
 * </pre>
 * It prints the wall time and the highest number of live platform threads the JVM had
 * ({@code ThreadMXBean.getPeakThreadCount()}, which counts no virtual threads, hence no greenlets).
 *
 * <p>Arguments: connections (default 1,000), lines per connection (5), pause between lines in ms (200).
 */
public final class ThreadPerConnectionEcho {
    private ThreadPerConnectionEcho() {}

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int pauseMs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        long start = System.nanoTime();
        AtomicInteger echoed = new AtomicInteger();
        CountDownLatch allConnected = new CountDownLatch(connections);

        try (ServerSocket server = new ServerSocket(0, connections, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptForever(server), "acceptor");
            acceptor.start();

            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int id = i;
                Thread client = new Thread(
                        () -> talk(server.getLocalPort(), id, lines, pauseMs, allConnected, echoed), "client-" + i);
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
        }

        double seconds = (System.nanoTime() - start) / 1e9;
        int expected = connections * lines;
        System.out.printf(
                "%,d connections open at once, %d lines each (%d ms apart): %,d of %,d echoes correct "
                        + "in %.2f s; platform threads at peak: %,d%n",
                connections,
                lines,
                pauseMs,
                echoed.get(),
                expected,
                seconds,
                ManagementFactory.getThreadMXBean().getPeakThreadCount());
        if (echoed.get() != expected) {
            System.exit(1);
        }
    }

    /** The server: one new thread per accepted connection, until the server socket is closed. */
    private static void acceptForever(ServerSocket server) {
        while (true) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            new Thread(() -> echo(connection)).start();
        }
    }

    /** Sends back every line it reads, until the client closes the connection. */
    private static void echo(Socket connection) {
        try (connection;
                BufferedReader in = reader(connection);
                PrintWriter out = writer(connection)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client: connects, waits for the others, then sends its lines, sleeping before each, and checks each echo. */
    private static void talk(
            int port, int id, int lines, int pauseMs, CountDownLatch allConnected, AtomicInteger echoed) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                BufferedReader in = reader(socket);
                PrintWriter out = writer(socket)) {
            allConnected.countDown();
            allConnected.await();
            for (int i = 0; i < lines; i++) {
                Thread.sleep(pauseMs);
                String line = "client " + id + " line " + i;
                out.println(line);
                if (line.equals(in.readLine())) {
                    echoed.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static PrintWriter writer(Socket socket) throws IOException {
        return new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
    }
}
