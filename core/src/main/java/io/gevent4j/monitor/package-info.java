/**
 * The stall monitor (gevent's monitor thread and {@code max_blocking_time}):
 * {@link io.gevent4j.monitor.HubMonitor} reports a greenlet that keeps its hub from switching, one
 * that parks while pinned to the hub's thread, and heap use above a threshold, as
 * {@link io.gevent4j.monitor.MonitorReport}s. It is built on the core's
 * {@link io.gevent4j.HubObserver} hook, which the core offers to any tool.
 *
 * <p>API: {@link io.gevent4j.monitor.HubMonitor} and {@link io.gevent4j.monitor.MonitorReport}.
 * {@link io.gevent4j.monitor.MonitorInstaller} is public only for {@link java.util.ServiceLoader}
 * (it starts the monitor when {@code -Dgevent4j.monitor=true}).
 */
package io.gevent4j.monitor;
