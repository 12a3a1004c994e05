package io.gevent4j.compat;

/** What one cell of the matrix says. */
enum Verdict {
    /**
     * N greenlets overlapped: done in under 2·L with at least the row's minimum concurrency ratio, and the
     * hub thread was never held for 0.9·L at once.
     */
    COOPERATIVE("cooperative", 'C'),
    /** The call held the hub thread (or the run took 2·L or more, or its ratio stayed under the row's minimum). */
    BLOCKS("blocks the hub", 'B'),
    /** Wrong or different results, an exception, greenlets in parallel, a leak, or a crash. */
    FAILS("fails", 'F');

    final String text;
    final char code;

    Verdict(String text, char code) {
        this.text = text;
        this.code = code;
    }

    static Verdict of(char code) {
        for (Verdict v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no verdict " + code);
    }
}
