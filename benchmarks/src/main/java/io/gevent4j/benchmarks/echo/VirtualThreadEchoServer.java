package io.gevent4j.benchmarks.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Plain virtual thread per connection on the JDK's scheduler, no gevent4j; {@code PORT}. Run it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1} for the
 * one-carrier comparison.
 */
public final class VirtualThreadEchoServer {
    public static void main(String[] args) throws IOException {
        try (ServerSocket server =
                new ServerSocket(Integer.parseInt(args[0]), 4096, InetAddress.getByName("127.0.0.1"))) {
            while (true) {
                Socket connection = server.accept();
                Thread.ofVirtual().start(() -> {
                    try {
                        EchoLoop.echo(connection);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
