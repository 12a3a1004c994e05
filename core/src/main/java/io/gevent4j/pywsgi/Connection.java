package io.gevent4j.pywsgi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import io.gevent4j.GreenletExit;
import io.gevent4j.event.AsyncResult;
import io.gevent4j.internal.Report;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One client connection, served in its own greenlet: requests are read, handled and answered one after
 * another (HTTP/1.1 keep-alive and pipelining), each handler running in this greenlet, so a
 * {@code ThreadLocal} is the request's own while it runs (as gevent's {@code local} is in pywsgi).
 *
 * <p>Whatever a client sends, the connection ends cleanly: a refused request is answered with its 4xx
 * and the connection closed; a client that goes away, stalls or floods ends it quietly; a handler's
 * failure is reported on stderr and answered 500 if nothing was sent yet. The server's connection set
 * holds it while it lives, so that a stop can close it while it idles and the {@link WriteWatchdog} can
 * end a stalled write.
 *
 * <p>Confined to its greenlet, but for {@link #closeIfIdle} and {@link #closeIfWriteStalled}.
 */
final class Connection {
    /** What is left of an unread request body is read and dropped up to this many bytes; more closes the connection. */
    private static final long MAX_DRAIN = 64 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** After refusing a request: how long, and how much, to read and drop before closing (lingering close). */
    private static final int LINGER_MILLIS = 200;

    private static final int LINGER_BYTES = 256 * 1024;
    /** The head deadline when reads have no timeout. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final WSGIServer server;
    private final Socket raw;
    final Limits limits;
    final InetSocketAddress remote;
    final InetSocketAddress local;
    private SSLSession session;
    OutputBuffer out;
    InputBuffer in;
    private volatile boolean idle;
    private boolean continueSent;
    private RequestHead current;

    Connection(WSGIServer server, Socket raw, Limits limits) {
        this.server = server;
        this.raw = raw;
        this.limits = limits;
        this.remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        this.local = (InetSocketAddress) raw.getLocalSocketAddress();
    }

    /** Serves requests until the client or the server ends the connection; the caller closes the socket. */
    void serve() {
        Socket socket = raw;
        try {
            raw.setTcpNoDelay(true);
            HttpsConfigurator https = server.getHttpsConfigurator();
            if (https != null) {
                socket = handshake(https);
            }
            out = new OutputBuffer(socket.getOutputStream());
            in = new InputBuffer(socket, socket.getInputStream(), out, limits.maxInputBuffer());
            HeadParser parser = new HeadParser(limits);
            while (serveOne(parser)) {
                // next request
            }
            out.flush();
        } catch (IOException e) {
            // the client went away, stalled, or was cut off: nothing to answer, nothing to report
        } finally {
            if (socket != raw) {
                closeQuietly(socket);
            }
        }
    }

    private Socket handshake(HttpsConfigurator https) throws IOException {
        SSLSocket tls = (SSLSocket) https.getSSLContext()
                .getSocketFactory()
                .createSocket(raw, remote.getHostString(), remote.getPort(), true);
        tls.setUseClientMode(false);
        new TlsParameters(https, remote).configure(tls);
        tls.setSoTimeout(limits.readMillis());
        tls.startHandshake();
        session = tls.getSession();
        return tls;
    }

    /** Reads, serves and answers one request; returns whether the connection goes on. */
    private boolean serveOne(HeadParser parser) throws IOException {
        in.startRequest();
        idle = true;
        if (server.stopping()) {
            return false;
        }
        try {
            if (in.available() == 0 && !in.fill(limits.idleMillis())) {
                return false; // the client closed between requests
            }
        } catch (SocketTimeoutException e) {
            return false; // idle too long
        }
        idle = false;
        RequestHead head;
        try {
            head = parser.parse(
                    in, limits.readMillis() == 0 ? NO_DEADLINE : System.nanoTime() + limits.readMillis() * 1_000_000L);
        } catch (HttpError e) {
            refuse(e.status, e.getMessage());
            return false;
        } catch (SocketTimeoutException e) {
            refuse(408, "the request head did not arrive within " + limits.readMillis() + " ms");
            return false;
        }
        return exchange(head);
    }

    private boolean exchange(RequestHead head) throws IOException {
        current = head;
        continueSent = false;
        Exchange exchange = new Exchange(this, head);
        HttpExchange facade = session == null ? exchange : new SecureExchange(exchange, session);
        Throwable failure = null;
        try {
            exchange.context = server.contexts().match(exchange.contextPath());
            if (exchange.context == null) {
                notFound(exchange);
            } else {
                dispatch(exchange.context, facade, exchange);
            }
        } catch (GreenletExit exit) {
            throw exit;
        } catch (Throwable t) {
            failure = t;
        }
        return finish(exchange, failure);
    }

    private void dispatch(Context context, HttpExchange facade, Exchange exchange) throws IOException {
        Executor executor = server.getExecutor();
        if (executor == null) {
            context.handle(facade, exchange);
            return;
        }
        AsyncResult<Void> done = new AsyncResult<>();
        executor.execute(() -> {
            try {
                context.handle(facade, exchange);
                done.set(null);
            } catch (Throwable t) {
                done.setException(t);
            }
        });
        done.get();
    }

    private static void notFound(Exchange exchange) throws IOException {
        byte[] body = "404 Not Found: no context for this path\n".getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Ends an exchange after its handler; returns whether the connection goes on. */
    private boolean finish(Exchange exchange, Throwable failure) throws IOException {
        IOException readFailure = exchange.requestBody.failure;
        boolean clientGone = in.clientGone() || out.failed;
        if (failure != null && readFailure == null && !clientGone) {
            Report.failure(Report.SERVER, server + ": handler for " + exchange + " failed with " + failure, failure);
        }
        try {
            if (exchange.getResponseCode() == -1) {
                if (!clientGone) {
                    refuse(
                            refusal(readFailure),
                            readFailure != null
                                    ? readFailure.getMessage()
                                    : failure != null ? "the handler failed" : "the handler sent no response");
                }
                return false;
            }
            if (failure != null || clientGone) {
                if (!clientGone) {
                    exchange.responseBody.abort();
                }
                return false;
            }
            if (!exchange.responseBody.closed) {
                try {
                    exchange.responseBody.close();
                } catch (IOException e) {
                    return false; // short of its length: the client must see it cut off
                }
            }
            if (exchange.closeAfter) {
                return false;
            }
            if (exchange.head.expectContinue && !continueSent && !exchange.requestBody.atEnd()) {
                return false; // the client holds the body back
            }
            return exchange.requestBody.drain(MAX_DRAIN);
        } finally {
            exchange.end();
        }
    }

    private static int refusal(IOException readFailure) {
        if (readFailure instanceof HttpError e) {
            return e.status;
        }
        return readFailure instanceof SocketTimeoutException ? 408 : readFailure != null ? 400 : 500;
    }

    /** Answers a request the server will not serve, then closes after a short lingering read. */
    private void refuse(int status, String message) throws IOException {
        ResponseHead.writeRefusal(out, status, message);
        out.flush();
        if (session == null) {
            // Closing with unread input makes the kernel reset the connection, which may destroy the
            // answer before the client reads it: stop sending, read a little, then close.
            raw.shutdownOutput();
            byte[] drop = new byte[4096];
            int budget = LINGER_BYTES;
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            try {
                raw.setSoTimeout(LINGER_MILLIS);
                for (int n;
                        budget > 0
                                && System.nanoTime() < deadline
                                && (n = raw.getInputStream().read(drop)) > 0; ) {
                    budget -= n;
                }
            } catch (IOException e) {
                // gone or timed out: close now
            }
        }
    }

    /** Sends {@code 100 Continue} before the first read of a body the client holds back for it. */
    void continueIfExpected() throws IOException {
        if (current.expectContinue && !continueSent) {
            continueSent = true;
            out.write(CONTINUE); // flushed before the read waits
        }
    }

    boolean continueSent() {
        return continueSent;
    }

    boolean stopping() {
        return server.stopping();
    }

    /** From any thread: closes the connection if it waits for its next request (a stop). */
    void closeIfIdle() {
        if (idle) {
            closeQuietly(raw);
        }
    }

    /** From any thread: closes the connection if a write has blocked for longer than {@code timeoutNanos}. */
    void closeIfWriteStalled(long now, long timeoutNanos) {
        OutputBuffer o = out;
        long since = o == null ? 0 : o.writingSince;
        if (since != 0 && now - since > timeoutNanos) {
            closeQuietly(raw);
        }
    }

    /**
     * Milliseconds left until {@code deadline} (a {@link System#nanoTime()}), at least 1 (a socket
     * timeout of 0 is none); 0 for {@link #NO_DEADLINE}.
     */
    static int millisUntil(long deadline) throws SocketTimeoutException {
        if (deadline == NO_DEADLINE) {
            return 0;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing to end the connection: nothing more to do
        }
    }
}
