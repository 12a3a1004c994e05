package io.gevent4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a greenlet was started (or scheduled to start) on a hub. */
@Name("io.gevent4j.GreenletSpawn")
@Label("Greenlet Spawn")
@Category({"gevent4j", "Greenlets"})
@Description("A greenlet was started on a hub")
@StackTrace(false)
@Enabled(false) // one per greenlet: enable explicitly, e.g. recording.enable("io.gevent4j.GreenletSpawn")
public final class GreenletSpawnEvent extends Event {
    /** An event to fill in and commit. */
    public GreenletSpawnEvent() {}

    /** The greenlet's id. */
    @Label("Greenlet Id")
    public long greenletId;

    /** The greenlet's name. */
    @Label("Greenlet")
    public String greenlet;

    /** The id of the greenlet that spawned it; 0 when a plain thread did. */
    @Label("Parent Id")
    @Description("Id of the greenlet that spawned it; 0 when a plain thread did")
    public long parentId;

    /** The name of its hub's thread. */
    @Label("Hub")
    public String hub;
}
