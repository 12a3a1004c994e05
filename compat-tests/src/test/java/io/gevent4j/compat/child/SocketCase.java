package io.gevent4j.compat.child;

import java.net.InetSocketAddress;
import java.net.Socket;

/** {@code java.net.Socket}: connect, write a line, read the echo the parent sends after L ms. */
public final class SocketCase extends Case {
    @Override
    public String call(int i) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Ctx.LOOPBACK, Ctx.port("compat.tcp")), 30_000);
            s.setSoTimeout(30_000);
            Io.writeLine(s.getOutputStream(), ctx.l() + " socket " + i);
            return Ctx.expect("echo socket " + i, Io.readLine(s.getInputStream()));
        }
    }
}
