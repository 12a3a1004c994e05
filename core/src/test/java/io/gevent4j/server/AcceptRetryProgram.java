package io.gevent4j.server;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Run in a JVM with a small descriptor limit ({@code ulimit -n}): uses up every descriptor but one, so
 * that a client's socket takes the last one and the server's accept fails with "Too many open
 * files"; then frees some and checks that the server accepts the waiting connection after all.
 */
public final class AcceptRetryProgram {
    public static void main(String[] args) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (StreamServer server = new StreamServer(any, StreamServerTest::echo).start()) {
            InetSocketAddress address = server.address();
            try (Socket warm = new Socket(address.getAddress(), address.getPort())) {
                warm.setSoTimeout(10_000);
                check(StreamServerTest.exchange(warm, "warm").equals("warm"), "first connection echoed");
            }
            Deque<FileInputStream> filler = new ArrayDeque<>();
            try {
                while (true) {
                    filler.push(new FileInputStream("/dev/null"));
                }
            } catch (IOException tableFull) {
                filler.pop().close(); // exactly one descriptor left: the client's socket takes it
            }
            try (Socket client = new Socket(address.getAddress(), address.getPort())) {
                client.setSoTimeout(500);
                client.getOutputStream().write("waiting".getBytes(StandardCharsets.UTF_8));
                try {
                    client.getInputStream().read();
                    check(false, "no reply while the server cannot accept");
                } catch (SocketTimeoutException expected) {
                    System.out.println("accept failing");
                }
                for (int i = 0; i < 8; i++) {
                    filler.pop().close();
                }
                client.setSoTimeout(10_000);
                byte[] reply = client.getInputStream().readNBytes(7);
                check(new String(reply, StandardCharsets.UTF_8).equals("waiting"), "echo after the retry");
                System.out.println("accept recovered");
            } finally {
                for (FileInputStream in : filler) {
                    in.close();
                }
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
