package io.gevent4j.compat.child;

import java.io.InputStream;

/** {@code Process.getInputStream()}: read the output of {@code sh -c 'sleep L; echo ...'} to its end. */
public final class ProcessStreamCase extends Case {
    @Override
    public String call(int i) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep " + ctx.seconds() + "; echo out-" + i)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), "UTF-8").strip();
        } finally {
            p.getOutputStream().close();
        }
        return Ctx.expect("out-" + i, out) + " exit=" + p.waitFor();
    }
}
