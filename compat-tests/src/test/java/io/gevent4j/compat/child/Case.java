package io.gevent4j.compat.child;

/**
 * One blocking operation under test. {@link CaseProgram} runs it in a forked JVM: {@link #setUp} on the
 * main thread, one warm-up call in a greenlet, then N greenlets at once, each calling {@link #call}
 * with its index, all on the main thread's hub. Each call should take about {@link Ctx#l()} ms.
 */
public abstract class Case {
    /** N, L, the mode and the peer threads; set before {@link #setUp}. */
    protected Ctx ctx;

    final void open(Ctx context) throws Exception {
        this.ctx = context;
        setUp();
    }

    /** Prepares connections, files and peer threads for indexes {@code 0..n} ({@code n} is the warm-up's). */
    protected void setUp() throws Exception {}

    /** The blocking operation of greenlet {@code i}; what it returns must be the same in every mode. */
    public abstract String call(int i) throws Exception;

    /** Runs once in a greenlet before the measured run (class loading, first connections). */
    protected String warmUp() throws Exception {
        return call(ctx.n());
    }

    /** False when which greenlet gets which answer is up to scheduling: the results are then compared sorted. */
    protected boolean ordered() {
        return true;
    }

    /** Releases what {@link #setUp} made; runs on the main thread after the measured run. */
    protected void close() throws Exception {}
}
