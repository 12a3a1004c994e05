package io.gevent4j.examples;

import io.gevent4j.server.StreamServer;
import java.net.InetSocketAddress;

/** The gevent articles' echo server: each connection's bytes come back, upper-cased, in its own greenlet. */
public final class EchoServer {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 16000;
        new StreamServer(new InetSocketAddress("127.0.0.1", port), socket -> {
                    byte[] buf = new byte[4096];
                    for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            buf[i] = (byte) Character.toUpperCase(buf[i]);
                        }
                        socket.getOutputStream().write(buf, 0, n);
                    }
                })
                .serveForever();
    }
}
