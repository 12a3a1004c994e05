package io.gevent4j.compat.child;

import java.net.DatagramPacket;
import java.net.DatagramSocket;

/** {@code DatagramSocket}: send a datagram, receive the parent's answer sent L ms later. */
public final class DatagramCase extends Case {
    @Override
    public String call(int i) throws Exception {
        try (DatagramSocket d = new DatagramSocket(0, Ctx.LOOPBACK)) {
            d.setSoTimeout(30_000);
            byte[] msg = Io.bytes(ctx.l() + " datagram " + i);
            d.send(new DatagramPacket(msg, msg.length, Ctx.LOOPBACK, Ctx.port("compat.udp")));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            d.receive(p);
            return Ctx.expect("echo datagram " + i, Io.string(p.getData(), p.getLength()));
        }
    }
}
