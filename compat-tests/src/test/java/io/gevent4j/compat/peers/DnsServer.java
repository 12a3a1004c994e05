package io.gevent4j.compat.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DNS server on port 53 of a random 127.x.y.53 address, and a resolv.conf naming it: a case program
 * started through {@link #wrap} sees that file as its /etc/resolv.conf (a private mount namespace), so
 * its JDK resolves names through glibc's own resolver, natively, against this server.
 * {@code host-<i>.l<ms>.compat.test} answers A 127.2.(i/256).(i%256) after ms (other types under
 * compat.test: no data, after ms); any other name is NXDOMAIN at once. Needs root (port 53 and mount).
 */
public final class DnsServer implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("host-(\\d+)\\.l(\\d+)\\.compat\\.test");
    private static final int TYPE_A = 1;

    private final DatagramSocket socket;
    private final Path resolvConf;

    public DnsServer(Path workDir) throws IOException {
        DatagramSocket bound = null;
        for (int attempt = 0; bound == null; attempt++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            InetAddress address =
                    InetAddress.getByAddress(new byte[] {127, (byte) r.nextInt(3, 250), (byte) r.nextInt(1, 250), 53});
            try {
                bound = new DatagramSocket(new InetSocketAddress(address, 53));
            } catch (BindException e) {
                if (attempt >= 5 || !e.getMessage().contains("in use")) {
                    throw new IllegalStateException(
                            "The InetAddress case needs to run as root: it binds a DNS server to port 53"
                                    + " of a loopback address and mounts a private /etc/resolv.conf for the JVM under test ("
                                    + e.getMessage() + ")",
                            e);
                }
            }
        }
        socket = bound;
        Files.createDirectories(workDir);
        resolvConf = workDir.resolve("resolv.conf");
        Files.writeString(
                resolvConf,
                "nameserver " + socket.getLocalAddress().getHostAddress() + "\noptions timeout:30 attempts:1\n");
        Thread.ofVirtual().name("compat-dns").start(this::serve);
    }

    /**
     * The command that runs {@code command} with this server as its system resolver: a private mount
     * namespace ({@code unshare}, util-linux) where /etc/resolv.conf is our file.
     */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new java.util.ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--",
                "sh",
                "-c",
                "mount --bind \"$0\" /etc/resolv.conf || { echo 'gevent4j compat: cannot mount a private /etc/resolv.conf"
                        + " (run as root; unshare and mount come with util-linux)' >&2; exit 97; }; exec \"$@\"",
                resolvConf.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                socket.receive(p);
                byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                SocketAddress from = p.getSocketAddress();
                Thread.ofVirtual().start(() -> answer(query, from));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(byte[] query, SocketAddress from) {
        try {
            ByteBuffer q = ByteBuffer.wrap(query);
            int id = q.getShort(0) & 0xffff;
            int flags = q.getShort(2) & 0xffff;
            q.position(12);
            StringBuilder name = new StringBuilder();
            for (int len = q.get() & 0xff; len > 0; len = q.get() & 0xff) {
                byte[] label = new byte[len];
                q.get(label);
                name.append(name.length() == 0 ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
            }
            int type = q.getShort() & 0xffff;
            q.getShort(); // class
            int questionEnd = q.position();
            String host = name.toString().toLowerCase(Locale.ROOT);
            Matcher m = HOST.matcher(host);
            byte[] answer = null;
            int rcode = 3; // NXDOMAIN
            if (host.endsWith(".compat.test") || host.equals("compat.test")) {
                rcode = 0;
            }
            if (m.matches()) {
                LoopbackPeers.sleep(Long.parseLong(m.group(2)));
                int i = Integer.parseInt(m.group(1));
                if (type == TYPE_A) {
                    answer = new byte[] {
                        (byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 2, (byte) (i / 256), (byte) (i % 256)
                    };
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer header = ByteBuffer.allocate(12);
            header.putShort((short) id);
            header.putShort((short) (0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | rcode)); // QR, opcode+RD, AA, RA
            header.putShort((short) 1)
                    .putShort((short) (answer == null ? 0 : 1))
                    .putShort((short) 0)
                    .putShort((short) 0);
            out.write(header.array());
            out.write(query, 12, questionEnd - 12);
            if (answer != null) {
                out.write(answer);
            }
            byte[] reply = out.toByteArray();
            socket.send(new DatagramPacket(reply, reply.length, from));
        } catch (Exception e) {
            // a malformed query or a closed socket: no answer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Files.deleteIfExists(resolvConf);
    }
}
