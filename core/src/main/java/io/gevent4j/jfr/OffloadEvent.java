package io.gevent4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a blocking call was run on a hub's thread pool while the calling greenlet parked (a patched
 * file read, DNS look-up). A duration event: its duration is how long the call took.
 */
@Name("io.gevent4j.Offload")
@Label("Blocking Call Offload")
@Category({"gevent4j", "Hub"})
@Description("A blocking call ran on the hub's thread pool while its greenlet waited")
@StackTrace(false)
public final class OffloadEvent extends Event {
    /** An event to fill in and commit. */
    public OffloadEvent() {}

    /** The blocking call, e.g. {@code FileInputStream.read}. */
    @Label("API")
    @Description("The patched API, e.g. FileInputStream.read or InetAddress.getAllByName")
    public String api;

    /** The name of the greenlet (or thread) that waited for it. */
    @Label("Greenlet")
    public String greenlet;
}
