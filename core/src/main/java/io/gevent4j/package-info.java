/**
 * gevent's cooperative concurrency on the JVM's virtual threads: greenlets, the hub that runs them,
 * and the ways to wait for them.
 *
 * <h2>API</h2>
 * <ul>
 *   <li>{@link io.gevent4j.Gevent}: the gevent module (spawn, sleep, join, wait, run, dump).</li>
 *   <li>{@link io.gevent4j.Greenlet}: a cooperatively scheduled unit of work, with its result, links
 *       and kill; {@link io.gevent4j.ThrowingRunnable} is a body with no result.</li>
 *   <li>{@link io.gevent4j.Hub}: the event loop of one platform thread, with its counters
 *       ({@link io.gevent4j.HubStats}) and the hook for tools that watch hubs
 *       ({@link io.gevent4j.HubObserver}).</li>
 *   <li>{@link io.gevent4j.Timeout}, {@link io.gevent4j.GreenletExit} and
 *       {@link io.gevent4j.LoopExit}: what a wait may throw.</li>
 *   <li>{@link io.gevent4j.Waitable} and {@link io.gevent4j.Waiter}: gevent's low-level waiting
 *       protocol, for building objects that others wait on.</li>
 * </ul>
 *
 * <h2>Runtime machinery</h2>
 * {@link io.gevent4j.Cooperative} is public only for the patch agent, which redirects blocking JDK
 * calls to it; applications use {@link io.gevent4j.Gevent}. Everything else here is package-private:
 * the loop's parts (the ready queue and the timer heap), how each kind of thread waits (a greenlet, a
 * hub's own thread, any other thread), the hub's own epoll set for sockets, the one class that reaches
 * the JDK's virtual-thread internals, and the watcher thread that runs the pinned-wait watchdog and the
 * {@link io.gevent4j.HubObserver}s. docs/ARCHITECTURE.md follows a call through them.
 *
 * <h2>The other packages</h2>
 * The primitives ({@code event}, {@code lock}, {@code queue}) build on this package; {@code pool},
 * {@code threadpool}, {@code server} and {@code monitor} build on them. {@code jfr} holds the Flight
 * Recorder events. {@code internal} and {@code internal.wait} are not API.
 */
package io.gevent4j;
