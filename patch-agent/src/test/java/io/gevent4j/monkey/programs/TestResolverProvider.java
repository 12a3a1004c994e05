package io.gevent4j.monkey.programs;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.file.Files;
import java.util.stream.Stream;

/**
 * A "system resolver" for the tests: names under {@code .gevent4j.test} answer after
 * {@code -Dtest.dns.delay} ms and block their thread natively meanwhile (a FIFO read, as a real
 * resolver blocks in getaddrinfo), so an unpatched look-up in a greenlet stalls the hub.
 * {@code host-<i>.gevent4j.test} resolves to 10.0.(i/256).(i%256); {@code missing.gevent4j.test} does
 * not resolve; 10.0.x.y reverse-resolves to its host name. Everything else goes to the built-in resolver.
 */
public final class TestResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!host.endsWith(".gevent4j.test")) {
                    return builtin.lookupByName(host, policy);
                }
                if (host.startsWith("rev-")) { // the forward check of a reverse look-up: no second wait
                    int i = Integer.parseInt(host.substring(4, host.indexOf('.')));
                    return Stream.of(
                            InetAddress.getByAddress(host, new byte[] {10, 0, (byte) (i / 256), (byte) (i % 256)}));
                }
                blockNatively();
                if (host.startsWith("host-")) {
                    int i = Integer.parseInt(host.substring(5, host.indexOf('.')));
                    return Stream.of(
                            InetAddress.getByAddress(host, new byte[] {10, 0, (byte) (i / 256), (byte) (i % 256)}));
                }
                throw new UnknownHostException(host + ": no such test host");
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                if (addr.length == 4 && addr[0] == 10 && addr[1] == 0) {
                    blockNatively();
                    return "rev-" + ((addr[2] & 0xff) * 256 + (addr[3] & 0xff)) + ".gevent4j.test";
                }
                return builtin.lookupByAddress(addr);
            }
        };
    }

    /** Reads a FIFO that a peer thread writes to after the delay: a native, carrier-pinning wait. */
    static void blockNatively() {
        long delay = Long.getLong("test.dns.delay", 0);
        if (delay <= 0) {
            return;
        }
        try {
            File fifo = FIFOS[NEXT.getAndIncrement() % FIFOS.length];
            Thread peer = new Thread(() -> {
                try (FileOutputStream out = new FileOutputStream(fifo)) { // waits for the reader
                    Thread.sleep(delay);
                    out.write(1);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            peer.setDaemon(true);
            peer.start();
            try (FileInputStream in = new FileInputStream(fifo)) {
                in.read();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final File[] FIFOS;

    static {
        try {
            FIFOS = Long.getLong("test.dns.delay", 0) > 0
                    ? Fifos.make(Files.createTempDirectory("gevent4j-dns"), 512)
                    : new File[0];
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String name() {
        return "gevent4j-test";
    }
}
