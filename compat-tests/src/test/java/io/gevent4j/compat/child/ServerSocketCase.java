package io.gevent4j.compat.child;

import java.net.ServerSocket;
import java.net.Socket;

/** {@code ServerSocket.accept}: the greenlet listens and asks the parent to connect back in L ms. */
public final class ServerSocketCase extends Case {
    @Override
    public String call(int i) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, Ctx.LOOPBACK)) {
            server.setSoTimeout(30_000);
            try (Socket ask = Io.connect("compat.callback")) {
                Io.writeLine(ask.getOutputStream(), ctx.l() + " " + server.getLocalPort() + " accepted " + i);
            }
            try (Socket s = server.accept()) {
                return Ctx.expect("accepted " + i, Io.readLine(s.getInputStream()));
            }
        }
    }
}
