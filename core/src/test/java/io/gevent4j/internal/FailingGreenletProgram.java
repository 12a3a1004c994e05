package io.gevent4j.internal;

import io.gevent4j.Gevent;

/** A greenlet that fails, in a JVM of its own, for {@link ReportTest}. */
public final class FailingGreenletProgram {
    public static void main(String[] args) {
        Gevent.spawn(() -> {
                    throw new IllegalStateException("planned");
                })
                .setName("the-failing-one")
                .join();
    }
}
