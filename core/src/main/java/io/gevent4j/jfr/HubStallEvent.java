package io.gevent4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a greenlet kept its hub from switching for longer than the monitor allows. */
@Name("io.gevent4j.HubStall")
@Label("Hub Stall")
@Category({"gevent4j", "Hub"})
@Description("A greenlet ran (or pinned its carrier) without yielding longer than maxBlockingTime")
@StackTrace(false)
public final class HubStallEvent extends Event {
    /** An event to fill in and commit. */
    public HubStallEvent() {}

    /** The name of the hub's thread. */
    @Label("Hub")
    public String hub;

    /** The name of the greenlet that held the hub. */
    @Label("Greenlet")
    public String greenlet;

    /** {@code running} or {@code pinned}. */
    @Label("Kind")
    @Description("running: it computed or blocked without yielding; pinned: it parked while pinning the hub's thread")
    public String kind;

    /** How long the hub could not switch, in nanoseconds. */
    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    /** The greenlet's stack, as the monitor reported it. */
    @Label("Greenlet Stack")
    public String stack;
}
