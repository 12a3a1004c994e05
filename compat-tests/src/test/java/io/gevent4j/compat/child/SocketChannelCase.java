package io.gevent4j.compat.child;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A blocking {@code SocketChannel}: connect, write, read until the parent closes after its answer. */
public final class SocketChannelCase extends Case {
    @Override
    public String call(int i) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(Ctx.LOOPBACK, Ctx.port("compat.tcp")))) {
            ch.write(ByteBuffer.wrap(Io.bytes(ctx.l() + " channel " + i + "\n")));
            ByteBuffer buf = ByteBuffer.allocate(256);
            while (ch.read(buf) >= 0) {
                // until EOF
            }
            return Ctx.expect(
                    "echo channel " + i, Io.string(buf.array(), buf.position()).strip());
        }
    }
}
