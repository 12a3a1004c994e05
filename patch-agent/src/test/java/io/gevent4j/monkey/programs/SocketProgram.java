package io.gevent4j.monkey.programs;

import com.sun.net.httpserver.HttpServer;
import io.gevent4j.Gevent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * args: n, L. Peers on platform threads answer after L ms: a TCP line echo (Socket, SocketChannel),
 * an HTTP server (HttpURLConnection) and a UDP echo (DatagramSocket). Greenlets also accept on a
 * ServerSocket. Then SO_TIMEOUT's exact exception.
 */
public final class SocketProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 100);
        int l = Harness.intArg(args, 1, 1000);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ScheduledExecutorService later = Executors.newScheduledThreadPool(8, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });

        ServerSocket tcp = new ServerSocket(0, 1000, lo);
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket s = tcp.accept();
                    Thread h = new Thread(() -> {
                        try (s) {
                            String line = new BufferedReader(
                                            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                                    .readLine();
                            Thread.sleep(l);
                            s.getOutputStream().write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                        } catch (Exception e) {
                            // the client gave up
                        }
                    });
                    h.setDaemon(true);
                    h.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        HttpServer http = HttpServer.create(new InetSocketAddress(lo, 0), 1000);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", ex -> {
            try {
                Thread.sleep(l);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("http " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();

        DatagramSocket udp = new DatagramSocket(0, lo);
        Thread udpServer = new Thread(() -> {
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    udp.receive(p);
                    String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    byte[] reply = ("udp " + msg).getBytes(StandardCharsets.UTF_8);
                    later.schedule(
                            () -> {
                                try {
                                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                                } catch (Exception e) {
                                    e.printStackTrace();
                                }
                            },
                            l,
                            TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    return;
                }
            }
        });
        udpServer.setDaemon(true);
        udpServer.start();

        Harness.run(n, i -> switch (i % 5) {
            case 0 -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(lo, tcp.getLocalPort()), 30_000);
                    s.getOutputStream().write(("socket " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    yield new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                }
            }
            case 1 -> {
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(lo, tcp.getLocalPort()))) {
                    ch.write(ByteBuffer.wrap(("channel " + i + "\n").getBytes(StandardCharsets.UTF_8)));
                    ByteBuffer buf = ByteBuffer.allocate(128);
                    while (ch.read(buf) >= 0) {
                        // read to EOF
                    }
                    yield new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
                }
            }
            case 2 -> {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/g" + i)
                                .toURL()
                                .openConnection();
                try (var in = c.getInputStream()) {
                    yield c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            case 3 -> {
                try (DatagramSocket d = new DatagramSocket(0, lo)) {
                    byte[] msg = ("d" + i).getBytes(StandardCharsets.UTF_8);
                    d.send(new DatagramPacket(msg, msg.length, lo, udp.getLocalPort()));
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    d.receive(p);
                    yield new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                }
            }
            default -> {
                // The greenlet is the server: accept a client that a peer thread connects after L ms.
                try (ServerSocket ss = new ServerSocket(0, 1, lo)) {
                    int port = ss.getLocalPort();
                    later.schedule(
                            () -> {
                                try (Socket c = new Socket(lo, port)) {
                                    c.getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.UTF_8));
                                } catch (Exception e) {
                                    e.printStackTrace();
                                }
                                return null;
                            },
                            l,
                            TimeUnit.MILLISECONDS);
                    try (Socket s = ss.accept()) {
                        yield "accepted "
                                + new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                                        .readLine();
                    }
                }
            }
        });

        // SO_TIMEOUT keeps its exact exception; nothing else is closed.
        System.out.println("soTimeout="
                + Gevent.run(() -> {
                    try (ServerSocket silent = new ServerSocket(0, 1, lo);
                            Socket s = new Socket(lo, silent.getLocalPort())) {
                        s.setSoTimeout(200);
                        try {
                            s.getInputStream().read();
                            return "no timeout";
                        } catch (SocketTimeoutException e) {
                            return e.getClass().getName() + ": " + e.getMessage() + " closed=" + s.isClosed();
                        }
                    }
                }));
        http.stop(0);
        tcp.close();
        udp.close();
        PrintWriter unused = null;
    }
}
