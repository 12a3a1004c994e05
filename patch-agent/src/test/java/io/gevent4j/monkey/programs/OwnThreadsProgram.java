package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.monitor.HubMonitor;
import io.gevent4j.server.StreamServer;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** gevent4j's own threads, started from a greenlet, stay platform threads under the thread patch (the monitor runs on the watcher thread). */
public final class OwnThreadsProgram {
    public static void main(String[] args) throws Exception {
        Gevent.run(() -> {
            HubMonitor.start();
            try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) {
                System.out.println("read=" + (in.read(new byte[16]) > 0)); // offloaded to the hub's thread pool
            }
            StreamServer server = StreamServer.builder(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), socket -> socket.close())
                    .hubs(2)
                    .build();
            server.start();
            // Thread.getAllStackTraces() lists platform threads only: being listed means not a greenlet.
            Set<String> platform = Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            System.out.println("monitorPlatform=" + platform.contains("gevent4j-watcher"));
            System.out.println(
                    "threadPoolPlatform=" + platform.stream().anyMatch(n -> n.startsWith("gevent4j-threadpool-")));
            System.out.println("serverHubsPlatform="
                    + platform.stream().filter(n -> n.contains("-hub-")).count());
            server.stop(Duration.ofSeconds(1));
            HubMonitor.stop();
        });
    }
}
