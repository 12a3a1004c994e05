package io.gevent4j.benchmarks.http;

import com.sun.net.httpserver.HttpServer;
import io.gevent4j.Gevent;
import io.gevent4j.pywsgi.WSGIServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The Java servers of the HTTP benchmark (run-http.sh), each running {@link SeedsApplication}:
 * {@code KIND PORT SLEEP}, KIND one of
 * <ul>
 *   <li>{@code wsgi}: gevent4j's {@link WSGIServer} on one hub;</li>
 *   <li>{@code jdk-vthreads}: the JDK's {@code HttpServer} with a virtual thread per exchange;</li>
 *   <li>{@code jdk-gevent}: the JDK's {@code HttpServer} with {@code Gevent.executor()};</li>
 * </ul>
 * and SLEEP {@code thread} ({@code Thread.sleep}: cooperative in a greenlet under the patch agent) or
 * {@code gevent} ({@code Gevent.sleep}, without the agent).
 */
public final class HttpBenchServer {
    private static final int BACKLOG = 4096;

    private HttpBenchServer() {}

    public static void main(String[] args) throws IOException {
        String kind = args[0];
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        SeedsApplication app = new SeedsApplication(
                switch (args[2]) {
                    case "thread" -> () -> Thread.sleep(10);
                    case "gevent" -> () -> Gevent.sleep(10);
                    default -> throw new IllegalArgumentException("sleep is thread or gevent: " + args[2]);
                });
        switch (kind) {
            case "wsgi" -> {
                WSGIServer server = WSGIServer.create(address, BACKLOG);
                server.createContext("/", app);
                server.serveForever();
            }
            case "jdk-vthreads", "jdk-gevent" -> {
                HttpServer server = HttpServer.create(address, BACKLOG);
                server.createContext("/", app);
                server.setExecutor(
                        kind.equals("jdk-gevent") ? Gevent.executor() : Executors.newVirtualThreadPerTaskExecutor());
                server.start();
            }
            default -> throw new IllegalArgumentException("unknown server kind: " + kind);
        }
    }
}
