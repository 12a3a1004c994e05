package io.gevent4j.compat.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The slow servers the JDK and HTTP-client cases talk to, in the test JVM on 127.0.0.1, each answering
 * after the delay the client names in its request (virtual threads here; nothing of gevent4j):
 * <ul>
 * <li>TCP echo: a line {@code "<ms> <text>"} is answered {@code "echo <text>"} after ms, then closed;</li>
 * <li>call-back: a line {@code "<ms> <port> <text>"}: after ms, connect to that port and send the text;</li>
 * <li>UDP echo: {@code "<ms> <text>"} is answered {@code "echo <text>"} after ms;</li>
 * <li>HTTP: {@code GET /delay/<ms>/<i>} is answered {@code "hello <i>"} after ms;</li>
 * <li>SMTP: acknowledges a message whose subject is {@code "compat <ms> <i>"} ms after its end.</li>
 * </ul>
 */
public final class LoopbackPeers implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ServerSocket echo;
    private final ServerSocket callback;
    private final DatagramSocket udp;
    private final HttpServer http;
    private final ServerSocket smtp;

    public LoopbackPeers() throws IOException {
        echo = listen(this::echo);
        callback = listen(this::callBack);
        smtp = listen(this::smtp);
        udp = new DatagramSocket(0, LOOPBACK);
        Thread.ofVirtual().name("compat-udp").start(this::udpLoop);
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 1000);
        http.setExecutor(handlers);
        http.createContext("/delay/", ex -> {
            String[] parts = ex.getRequestURI().getPath().split("/"); // "", "delay", ms, i
            sleep(Long.parseLong(parts[2]));
            byte[] body = ("hello " + parts[3]).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    /** The system properties that tell a case program where to connect. */
    public Map<String, String> properties() {
        return Map.of(
                "compat.tcp",
                port(echo),
                "compat.callback",
                port(callback),
                "compat.smtp",
                port(smtp),
                "compat.udp",
                String.valueOf(udp.getLocalPort()),
                "compat.http",
                String.valueOf(http.getAddress().getPort()));
    }

    private static String port(ServerSocket s) {
        return String.valueOf(s.getLocalPort());
    }

    private interface Handler {
        void handle(Socket s) throws Exception;
    }

    private ServerSocket listen(Handler handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 1000, LOOPBACK);
        Thread.ofVirtual().name("compat-accept-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    handlers.execute(() -> {
                        try (s) {
                            handler.handle(s);
                        } catch (Exception e) {
                            // the client went away; the case reports what it saw
                        }
                    });
                } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private void echo(Socket s) throws IOException {
        String[] req = reader(s).readLine().split(" ", 2);
        sleep(Long.parseLong(req[0]));
        s.getOutputStream().write(("echo " + req[1] + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void callBack(Socket s) throws IOException {
        String[] req = reader(s).readLine().split(" ", 3);
        sleep(Long.parseLong(req[0]));
        try (Socket back = new Socket(LOOPBACK, Integer.parseInt(req[1]))) {
            back.getOutputStream().write((req[2] + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void udpLoop() {
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                udp.receive(p);
                String[] req = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).split(" ", 2);
                handlers.execute(() -> {
                    sleep(Long.parseLong(req[0]));
                    byte[] reply = ("echo " + req[1]).getBytes(StandardCharsets.UTF_8);
                    try {
                        udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        // closed
                    }
                });
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** Just enough SMTP for a client's EHLO, MAIL, RCPT, DATA, QUIT. */
    private void smtp(Socket s) throws IOException {
        BufferedReader in = reader(s);
        PrintStream out = new PrintStream(s.getOutputStream(), true, StandardCharsets.US_ASCII);
        out.print("220 compat ESMTP\r\n");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (verb) {
                case "EHLO", "HELO" -> out.print("250 compat\r\n");
                case "MAIL", "RCPT", "RSET", "NOOP" -> out.print("250 2.0.0 OK\r\n");
                case "DATA" -> {
                    out.print("354 End data with <CR><LF>.<CR><LF>\r\n");
                    String subject = "";
                    for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                        if (d.startsWith("Subject: ")) {
                            subject = d.substring("Subject: ".length());
                        }
                    }
                    String[] parts = subject.split(" "); // "compat", ms, i
                    sleep(Long.parseLong(parts[1]));
                    out.print("250 2.0.0 Ok: queued as compat-" + parts[2] + "\r\n");
                }
                case "QUIT" -> {
                    out.print("221 2.0.0 Bye\r\n");
                    return;
                }
                default -> out.print("502 5.5.2 Command not recognized\r\n");
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        echo.close();
        callback.close();
        smtp.close();
        udp.close();
        handlers.shutdownNow();
    }
}
