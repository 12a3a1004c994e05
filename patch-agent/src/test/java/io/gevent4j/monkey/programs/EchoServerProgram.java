package io.gevent4j.monkey.programs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An unmodified thread-per-connection line echo server (no gevent4j in sight). args: connections.
 * Prints "port=", accepts that many connections, each served by {@code new Thread(handler).start()},
 * then stops accepting and returns from main; the handlers (non-daemon threads) keep the JVM alive
 * until their clients close. A line "threads" is answered with the JVM's live platform thread count.
 * A shutdown hook prints how many handlers finished.
 */
public final class EchoServerProgram {
    private static final AtomicInteger FINISHED = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.out.println("handlersFinished=" + FINISHED.get())));
        try (ServerSocket server = new ServerSocket(0, connections + 100, InetAddress.getLoopbackAddress())) {
            System.out.println("port=" + server.getLocalPort());
            System.out.flush();
            for (int i = 0; i < connections; i++) {
                Socket client = server.accept();
                new Thread(new Handler(client), "handler-" + i).start();
            }
        }
        System.out.println("accepted=" + connections);
    }

    private static final class Handler implements Runnable {
        private final Socket socket;

        Handler(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try (Socket s = socket;
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(
                            line.equals("threads")
                                    ? String.valueOf(
                                            ManagementFactory.getThreadMXBean().getThreadCount())
                                    : line);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                System.out.println("handler failed: " + e);
            } finally {
                FINISHED.incrementAndGet();
            }
        }
    }
}
