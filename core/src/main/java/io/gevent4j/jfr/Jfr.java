package io.gevent4j.jfr;

import jdk.jfr.FlightRecorder;

/** The gate every gevent4j event passes before it is created. */
public final class Jfr {
    private Jfr() {}

    /**
     * Whether Flight Recorder has been started in this JVM. Until then no recording can want an event,
     * and the event classes stay unloaded: the first one loaded initialises JFR's event machinery,
     * start-up time that a program not recording would spend for nothing.
     *
     * @return whether Flight Recorder was started
     */
    public static boolean started() {
        return FlightRecorder.isInitialized();
    }
}
