package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import io.gevent4j.GreenletExit;
import io.gevent4j.Hub;
import io.gevent4j.Timeout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The edges of the hub's own socket polling. Each case prints one {@code name=outcome} line; everything
 * runs in greenlets of the main thread's hub, against servers that are greenlets too unless said.
 */
public final class HubPollerProgram {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        Gevent.run(() -> {
            report(
                    "firstWaitTimedReplies",
                    HubPollerProgram::firstWaitTimedReplies); // first: the hub has no poller yet
            report("echo", HubPollerProgram::echoRoundTrips);
            report("peerClosesAfterData", HubPollerProgram::peerClosesAfterData);
            report("closeFromGreenlet", HubPollerProgram::closeFromGreenlet);
            report("closeFromPlatformThread", HubPollerProgram::closeFromPlatformThread);
            report("closeFromAnotherHub", HubPollerProgram::closeFromAnotherHub);
            report("soTimeout", HubPollerProgram::soTimeout);
            report("kill", HubPollerProgram::kill);
            report("geventTimeout", HubPollerProgram::geventTimeout);
            report("bulkBothWays", HubPollerProgram::bulkBothWays);
            report("descriptorReuse", HubPollerProgram::descriptorReuse);
            report("lateConnectFromDaemon", HubPollerProgram::lateConnectFromDaemon);
            return null;
        });
        System.out.println("stats=" + Hub.current().stats());
    }

    interface Case {
        String run() throws Exception;
    }

    private static void report(String name, Case c) {
        String outcome;
        try {
            outcome = c.run();
        } catch (Throwable e) {
            outcome = "threw " + e;
        }
        System.out.println(name + "=" + outcome);
    }

    /**
     * The hub's first socket wait (its epoll set does not exist before it), a read with SO_TIMEOUT, whose
     * replies come from a platform thread 20 ms after each request.
     */
    private static String firstWaitTimedReplies() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    for (int b; (b = in.read()) >= 0; ) {
                        Thread.sleep(20);
                        s.getOutputStream().write(b + 1);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(LOOPBACK, server.getLocalPort()), 2_000);
                s.setSoTimeout(2_000);
                StringBuilder got = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    s.getOutputStream().write(i);
                    got.append(s.getInputStream().read());
                }
                return got.toString();
            }
        }
    }

    /** 100 greenlet clients × 200 round trips against a greenlet echo server; counts the hub's own socket wake-ups. */
    private static String echoRoundTrips() throws Exception {
        long wakeupsBefore = Hub.current().stats().socketWakeups();
        try (ServerSocket server = new ServerSocket(0, 200, LOOPBACK)) {
            Greenlet<Void> acceptor = Gevent.spawn(() -> {
                while (true) {
                    Socket s = server.accept();
                    Gevent.spawn(() -> echo(s));
                }
            });
            List<Greenlet<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                clients.add(Gevent.spawn(() -> {
                    try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                        int ok = 0;
                        byte[] got = new byte[64];
                        for (int i = 0; i < 200; i++) {
                            byte[] msg = Arrays.copyOf(("message " + i).getBytes(), 64);
                            s.getOutputStream().write(msg);
                            readFully(s.getInputStream(), got);
                            ok += Arrays.equals(msg, got) ? 1 : 0;
                        }
                        return ok;
                    }
                }));
            }
            int ok = 0;
            for (Greenlet<Integer> c : clients) {
                ok += c.get();
            }
            acceptor.kill();
            long wakeups = Hub.current().stats().socketWakeups() - wakeupsBefore;
            return ok + " echoed, hub wake-ups " + (wakeups >= 20_000 ? ">= 20000" : String.valueOf(wakeups));
        }
    }

    /** The peer writes, then closes at once: the reader gets the bytes, then end of stream, and never hangs. */
    private static String peerClosesAfterData() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Gevent.spawn(() -> {
                try (Socket s = server.accept()) {
                    Gevent.sleep(50);
                    s.getOutputStream().write("bye".getBytes());
                }
            });
            try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                InputStream in = s.getInputStream();
                StringBuilder got = new StringBuilder();
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    got.append(new String(buffer, 0, n));
                }
                int again = in.read(buffer);
                return got + " then " + again;
            }
        }
    }

    /** Another greenlet closes the socket a greenlet is reading: the read ends with a SocketException. */
    private static String closeFromGreenlet() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                Socket s = connected(server)) {
            Greenlet<String> reader = Gevent.spawn(() -> readOutcome(s));
            Gevent.sleep(100);
            s.close();
            return reader.join(Duration.ofSeconds(5)) ? reader.get() : "reader still blocked";
        }
    }

    /** A platform thread closes it: the hub hears of it from outside and wakes the reader. */
    private static String closeFromPlatformThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                Socket s = connected(server)) {
            Greenlet<String> reader = Gevent.spawn(() -> readOutcome(s));
            Thread closer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(100);
                    s.close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            boolean done = reader.join(Duration.ofSeconds(5));
            closer.join();
            return done ? reader.get() : "reader still blocked";
        }
    }

    /**
     * A greenlet of another hub closes the socket a greenlet of this hub is reading; then this hub opens
     * and reads new sockets, which may reuse its descriptor number and must join this hub's set afresh.
     */
    private static String closeFromAnotherHub() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Socket s = connected(server);
            Greenlet<String> reader = Gevent.spawn(() -> readOutcome(s));
            Thread otherHub = Thread.ofPlatform()
                    .start(() -> Gevent.run(() -> {
                        Gevent.sleep(100);
                        s.close();
                        return null;
                    }));
            boolean done = reader.join(Duration.ofSeconds(5));
            otherHub.join();
            String first = done ? reader.get() : "reader still blocked";
            int ok = 0;
            for (int i = 0; i < 20; i++) {
                try (Socket next = new Socket(LOOPBACK, server.getLocalPort());
                        Socket peer = server.accept()) {
                    Gevent.spawn(() -> {
                        Gevent.sleep(5);
                        peer.getOutputStream().write(7);
                    });
                    ok += next.getInputStream().read() == 7 ? 1 : 0;
                }
            }
            return first + ", then " + ok + " of 20";
        }
    }

    /** SO_TIMEOUT keeps the JDK's exact exception and its timing (200 ms, with a wide margin). */
    private static String soTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                Socket s = connected(server)) {
            s.setSoTimeout(200);
            long t0 = System.nanoTime();
            try {
                s.getInputStream().read();
                return "read returned";
            } catch (SocketTimeoutException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                return e.getMessage() + (ms >= 190 && ms < 2_000 ? " in time" : " after " + ms + " ms");
            }
        }
    }

    /** Killing a greenlet blocked in a read ends it with GreenletExit, promptly. */
    private static String kill() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                Socket s = connected(server)) {
            Greenlet<String> reader = Gevent.spawn(() -> readOutcome(s));
            Gevent.sleep(50);
            boolean dead = reader.kill(Duration.ofSeconds(5));
            Object value = reader.value();
            return dead + " " + (value instanceof GreenletExit ? "GreenletExit" : String.valueOf(value));
        }
    }

    /** A gevent4j Timeout around a blocking read raises in the reader. */
    private static String geventTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                Socket s = connected(server)) {
            try (Timeout ignored = Timeout.start(Duration.ofMillis(100))) {
                s.getInputStream().read();
                return "read returned";
            } catch (Timeout t) {
                return "Timeout";
            }
        }
    }

    /** 8 MB each way at once between two greenlets: writers fill the buffers and wait to write too. */
    private static String bulkBothWays() throws Exception {
        int size = 8 << 20;
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Greenlet<Long> far = Gevent.spawn(() -> {
                try (Socket s = server.accept()) {
                    return pump(s, size);
                }
            });
            try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                long near = pump(s, size);
                return near + " and " + far.get();
            }
        }
    }

    /** 300 short connections in a row: descriptor numbers come back, and each new socket must still wake its reader. */
    private static String descriptorReuse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            Greenlet<Void> acceptor = Gevent.spawn(() -> {
                while (true) {
                    Socket s = server.accept();
                    Gevent.spawn(() -> echo(s));
                }
            });
            int ok = 0;
            for (int i = 0; i < 300; i++) {
                try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                    s.setSoTimeout(5_000);
                    s.getOutputStream().write(i & 0x7f);
                    ok += s.getInputStream().read() == (i & 0x7f) ? 1 : 0;
                }
            }
            acceptor.kill();
            return ok + " of 300";
        }
    }

    /**
     * A greenlet accepts while the only other thread that will ever connect is a daemon that waits a
     * second first: the hub must wait for the socket rather than raise LoopExit.
     */
    private static String lateConnectFromDaemon() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            CountDownLatch connected = new CountDownLatch(1);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(1_000);
                    try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                        s.getOutputStream().write(42);
                        connected.await();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = server.accept()) {
                int b = s.getInputStream().read();
                connected.countDown();
                return "got " + b;
            }
        }
    }

    private static Socket connected(ServerSocket server) throws IOException {
        Socket s = new Socket(LOOPBACK, server.getLocalPort());
        Socket peer = server.accept();
        Gevent.spawn(() -> {
            try (peer) {
                Gevent.sleep(10_000); // holds the connection open, silent
            }
        });
        return s;
    }

    private static String readOutcome(Socket s) {
        try {
            return "read " + s.getInputStream().read();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void echo(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        for (int off = 0; off < into.length; ) {
            int n = in.read(into, off, into.length - off);
            if (n < 0) {
                throw new IOException("end of stream after " + off + " bytes");
            }
            off += n;
        }
    }

    /** Writes {@code size} bytes from one greenlet while this one reads as many; returns the bytes read. */
    private static long pump(Socket s, int size) throws Exception {
        Greenlet<Void> writer = Gevent.spawn(() -> {
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, size - sent));
            }
            s.shutdownOutput();
        });
        long got = 0;
        byte[] buffer = new byte[32 * 1024];
        InputStream in = s.getInputStream();
        for (int n; (n = in.read(buffer)) > 0; ) {
            got += n;
        }
        writer.get();
        return got;
    }
}
