package io.gevent4j.compat.child;

/** {@code Process.waitFor()} of {@code sh -c 'sleep L; exit k'}, no pipes involved. */
public final class ProcessWaitForCase extends Case {
    @Override
    public String call(int i) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep " + ctx.seconds() + "; exit " + (i % 7))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return "exit=" + p.waitFor();
    }
}
