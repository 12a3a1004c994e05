package io.gevent4j.monkey.programs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** args: n, L. Each greenlet starts a process that prints a line after L ms, reads it, and waits for it. */
public final class ProcessProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 100);
        int l = Harness.intArg(args, 1, 1000);
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", l / 1000.0);
        Harness.run(n, i -> {
            Process p = new ProcessBuilder("sh", "-c", "sleep " + seconds + "; echo out-" + i + "; exit " + (i % 7))
                    .redirectErrorStream(true)
                    .start();
            String out;
            int code;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                code = p.waitFor();
            }
            return out + " exit=" + code;
        });
    }
}
