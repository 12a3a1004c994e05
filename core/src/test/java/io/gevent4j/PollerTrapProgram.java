package io.gevent4j;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Run in a fresh JVM by {@link HubTest#socketPollersAreNotStrandedOnAHub()}. */
public final class PollerTrapProgram {
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> echoLater(s));
                    }
                } catch (Exception ignored) {
                    // server closed
                }
            });
            int port = server.getLocalPort();
            // First socket wait in this JVM: inside a greenlet.
            Gevent.run(() -> roundTrip(port));
            // The hub no longer runs. A virtual thread on the JDK's scheduler must still do socket I/O.
            Thread vt = Thread.ofVirtual().start(() -> {
                try {
                    roundTrip(port);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            if (!vt.join(java.time.Duration.ofSeconds(20))) {
                System.out.println("virtual thread socket I/O hung: pollers stranded on the hub");
                System.exit(1);
            }
            acceptor.interrupt();
        }
        System.out.println("pollers ok");
    }

    private static int roundTrip(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(7);
            return in.read();
        }
    }

    private static void echoLater(Socket s) {
        try (s) {
            int b = s.getInputStream().read();
            TimeUnit.MILLISECONDS.sleep(100);
            s.getOutputStream().write(b);
        } catch (Exception ignored) {
            // client went away
        }
    }
}
