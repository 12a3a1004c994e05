package io.gevent4j.examples;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's demo: many greenlets doing plain blocking work (sleeps, socket round trips through a
 * slow server) at once, all on the main thread, with no callbacks and no thread pool.
 */
public final class Demo {
    private static final int SLEEPERS = 10_000;
    private static final int CLIENTS = 500;
    private static final int SERVER_DELAY_MS = 200;

    public static void main(String[] args) throws IOException {
        String thread = Thread.currentThread().getName();
        System.out.printf(
                "gevent4j demo on JDK %s, every greenlet on platform thread '%s'%n", Runtime.version(), thread);

        long start = System.nanoTime();
        List<Greenlet<Void>> sleepers = new ArrayList<>();
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers.add(Gevent.spawn(() -> Gevent.sleep(1000)));
        }
        Gevent.joinAll(sleepers);
        System.out.printf(
                "%,d greenlets each slept 1 s: done in %.2f s (one after another: %,d s)%n",
                SLEEPERS, seconds(start), SLEEPERS);

        try (ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
            Gevent.spawn(() -> acceptForever(server));
            start = System.nanoTime();
            List<Greenlet<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                clients.add(Gevent.spawn(() -> roundTrip(server.getLocalPort(), n)));
            }
            Gevent.joinAll(clients);
            long correct = clients.stream().filter(Greenlet::isSuccessful).count();
            int sum = clients.stream().mapToInt(Greenlet::get).sum();
            System.out.printf(
                    "%d blocking socket round trips through a server that waits %d ms per request: "
                            + "done in %.2f s (one after another: %.0f s), %d answered, checksum %s%n",
                    CLIENTS,
                    SERVER_DELAY_MS,
                    seconds(start),
                    CLIENTS * SERVER_DELAY_MS / 1000.0,
                    correct,
                    sum == expectedSum() ? "ok" : "WRONG");
        }
        System.out.printf(
                "live platform threads in this JVM: %d%n",
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static void acceptForever(ServerSocket server) throws IOException {
        while (true) {
            Socket connection = server.accept();
            Gevent.spawn(() -> serve(connection));
        }
    }

    /** Answers each number with its double, after a delay, in plain blocking style. */
    private static void serve(Socket connection) throws IOException {
        try (connection;
                DataInputStream in = new DataInputStream(connection.getInputStream());
                DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            int n = in.readInt();
            Gevent.sleep(SERVER_DELAY_MS);
            out.writeInt(2 * n);
        }
    }

    private static int roundTrip(int port, int n) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                DataInputStream in = new DataInputStream(socket.getInputStream())) {
            out.writeInt(n);
            return in.readInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int expectedSum() {
        return CLIENTS * (CLIENTS - 1);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
