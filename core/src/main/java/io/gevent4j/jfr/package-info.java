/**
 * JDK Flight Recorder events emitted by gevent4j (category "gevent4j"): greenlet spawn and finish, hub
 * stalls, and blocking calls offloaded to a hub's thread pool. Record them with
 * {@code -XX:StartFlightRecording} or {@code jcmd <pid> JFR.start}, read them with JDK Mission Control
 * or {@code jdk.jfr.consumer}. Until Flight Recorder is started in the JVM they cost one volatile read
 * and load no JFR class; after that, a check of a flag when no recording wants them. The per-greenlet
 * events (spawn, finish) are off unless a recording enables them by name, since a busy hub spawns
 * millions; stalls and offloads are on by default.
 *
 * <p>API: the event classes, whose names and fields recordings show. {@link io.gevent4j.jfr.Jfr} is
 * runtime machinery: the check gevent4j makes before creating an event.
 */
package io.gevent4j.jfr;
