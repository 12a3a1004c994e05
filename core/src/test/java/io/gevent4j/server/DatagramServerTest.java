package io.gevent4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramServerTest {

    @Test
    void echoesDatagramsToTheirSenders() {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramServer server = new DatagramServer(any, (srv, data, sender) -> {
                    Gevent.sleep(20);
                    srv.sendTo(
                            new String(data, StandardCharsets.UTF_8)
                                    .toUpperCase()
                                    .getBytes(StandardCharsets.UTF_8),
                            sender);
                })
                .start()) {
            List<Greenlet<String>> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String msg = "ping " + i;
                clients.add(Gevent.spawn(() -> exchange(server, msg)));
            }
            Gevent.joinAll(clients);
            for (int i = 0; i < 50; i++) {
                assertEquals("PING " + i, clients.get(i).get());
            }
        }
    }

    @Test
    void startedOutsideAGreenletItServesWhileTheCallerBlocksInPlainCalls() throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramServer server = new DatagramServer(any, (srv, data, sender) -> srv.sendTo(data, sender)).start()) {
            assertEquals("plain", exchange(server, "plain")); // a plain blocking receive on this thread
        }
    }

    private static String exchange(DatagramServer server, String message) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(10_000);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(bytes, bytes.length, server.address()));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendToBeforeStartIsAnError() {
        DatagramServer server = new DatagramServer(new InetSocketAddress(0), (s, d, a) -> {});
        assertThrows(IllegalStateException.class, () -> server.sendTo(new byte[1], new InetSocketAddress(9)));
    }
}
