package io.gevent4j.compat.child;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the cases. */
final class Io {
    private Io() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b, int len) {
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** Reads one line (without its end) byte by byte, as a hand-written protocol client would. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after '" + line + "'");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        out.write(bytes(line + "\n"));
        out.flush();
    }

    /** Connects to a server of the parent on loopback. */
    static Socket connect(String portProperty) throws IOException {
        return new Socket(Ctx.LOOPBACK, Ctx.port(portProperty));
    }

    /** The parent's HTTP server answers {@code /delay/<ms>/<i>} with "hello i" after ms. */
    static String httpUrl(Ctx ctx, int i) {
        return "http://127.0.0.1:" + Ctx.port("compat.http") + "/delay/" + ctx.l() + "/" + i;
    }
}
