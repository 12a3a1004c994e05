/**
 * <strong>Not API.</strong> How the cooperative primitives ({@code event}, {@code lock}, {@code queue})
 * wait: {@link io.gevent4j.internal.wait.Readiness} for objects that become ready once (an event, an
 * async result), and {@link io.gevent4j.internal.wait.WaitList} with its
 * {@link io.gevent4j.internal.wait.WaitNode}s for first-come, first-served hand-off (a queue's items,
 * a semaphore's permits, a lock's ownership). Both are built on {@link io.gevent4j.Waiter}, so they work
 * the same for a greenlet, a hub's own thread and any other thread.
 *
 * <p>The classes are public only because the primitives live in several packages; no public
 * signature of gevent4j's API names them, and they may change in any release.
 */
package io.gevent4j.internal.wait;
