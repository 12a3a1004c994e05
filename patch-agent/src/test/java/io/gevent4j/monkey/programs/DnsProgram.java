package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** args: n, L (set -Dtest.dns.delay=L too). Forward, failing, reverse and local look-ups in greenlets. */
public final class DnsProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 100);
        Harness.run(n, i -> switch (i % 4) {
            case 0 -> InetAddress.getByName("host-" + i + ".gevent4j.test").toString();
            case 1 -> Arrays.toString(InetAddress.getAllByName("host-" + i + ".gevent4j.test"));
            case 2 -> {
                try {
                    yield InetAddress.getByName("missing-" + i + ".gevent4j.test")
                            .toString();
                } catch (UnknownHostException e) {
                    yield "UnknownHostException: " + e.getMessage();
                }
            }
            default ->
                InetAddress.getByAddress(new byte[] {10, 0, (byte) (i / 256), (byte) (i % 256)})
                        .getCanonicalHostName();
        });
        System.out.println(
                "localHost=" + Gevent.run(() -> InetAddress.getLocalHost().equals(InetAddress.getLocalHost())));
        System.out.println("hostName="
                + Gevent.run(
                        () -> InetAddress.getByAddress(new byte[] {10, 0, 0, 7}).getHostName()));
        System.out.println("loopback=" + Gevent.run(() -> InetAddress.getByName(null)));
    }
}
