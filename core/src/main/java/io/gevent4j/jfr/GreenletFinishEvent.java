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
    /** An event to fill in and commit. */
    public GreenletFinishEvent() {}

    /** The greenlet's id. */
    @Label("Greenlet Id")
    public long greenletId;

    /** The greenlet's name. */
    @Label("Greenlet")
    public String greenlet;

    /** The name of its hub's thread. */
    @Label("Hub")
    public String hub;

    /** {@code value}, {@code killed} or {@code failed}. */
    @Label("Outcome")
    @Description("value, killed, or failed")
    public String outcome;

    /** The exception class of a failed greenlet, else null. */
    @Label("Failure")
    @Description("The exception class of a failed greenlet")
    public String failure;
}
