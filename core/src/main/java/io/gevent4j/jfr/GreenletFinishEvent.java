package io.gevent4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a greenlet ended, by returning, failing or being killed. */
@Name("io.gevent4j.GreenletFinish")
@Label("Greenlet Finish")
@Category({"gevent4j", "Greenlets"})
@Description("A greenlet ended")
@StackTrace(false)
@Enabled(false) // one per greenlet: enable explicitly, e.g. recording.enable("io.gevent4j.GreenletFinish")
public final class GreenletFinishEvent extends Event {
    @Label("Greenlet Id")
    public long greenletId;

    @Label("Greenlet")
    public String greenlet;

    @Label("Hub")
    public String hub;

    @Label("Outcome")
    @Description("value, killed, or failed")
    public String outcome;

    @Label("Failure")
    @Description("The exception class of a failed greenlet")
    public String failure;
}
