package io.gevent4j.benchmarks.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12, the best-known Java peer of the HTTP benchmark: one acceptor, one selector, blocking
 * handlers on virtual threads, the seeds' application written against Jetty's own handler API (its
 * fastest path); {@code PORT}. {@code /sleep} waits with {@code Thread.sleep(10)}.
 */
public final class JettyBenchServer {
    private JettyBenchServer() {}

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(new SeedsHandler());
        server.start();
        server.join();
    }

    /** The seeds' application: the request in a request-local, "Hello " + the client's address. */
    private static final class SeedsHandler extends Handler.Abstract {
        private static final ThreadLocal<Request> REQUEST = new ThreadLocal<>();

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            REQUEST.set(request);
            try {
                if (Request.getPathInContext(request).equals("/sleep")) {
                    Thread.sleep(10);
                }
                byte[] body = ("Hello " + Request.getRemoteAddr(REQUEST.get())).getBytes(StandardCharsets.US_ASCII);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, java.nio.ByteBuffer.wrap(body), callback);
                return true;
            } finally {
                REQUEST.remove();
            }
        }
    }
}
