package io.gevent4j.benchmarks.echo;

import io.gevent4j.server.StreamServer;
import java.net.InetSocketAddress;

/** gevent4j's StreamServer echoing every byte back; {@code PORT [HUBS]}. The contender. */
public final class Gevent4jEchoServer {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int hubs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        StreamServer.builder(new InetSocketAddress("127.0.0.1", port), EchoLoop::echo)
                .backlog(4096)
                .hubs(hubs)
                .build()
                .serveForever();
    }
}
