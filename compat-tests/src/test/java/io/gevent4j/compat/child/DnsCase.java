package io.gevent4j.compat.child;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * {@code InetAddress.getByName} / {@code getAllByName} through the system resolver (glibc's
 * getaddrinfo). The parent runs this JVM in a private mount namespace whose /etc/resolv.conf names its
 * DNS server, which answers {@code host-<i>.l<ms>.compat.test} with 127.2.x.y after ms.
 */
public final class DnsCase extends Case {
    @Override
    public String call(int i) throws Exception {
        String host = "host-" + i + ".l" + ctx.l() + ".compat.test";
        String expected = host + "/127.2." + (i / 256) + "." + (i % 256);
        if (i % 2 == 0) {
            return Ctx.expect(expected, InetAddress.getByName(host).toString());
        }
        return Ctx.expect("[" + expected + "]", Arrays.toString(InetAddress.getAllByName(host)));
    }
}
