/**
 * Cooperative locks (gevent's {@code gevent.lock}): {@link io.gevent4j.lock.Semaphore},
 * {@link io.gevent4j.lock.BoundedSemaphore} and the reentrant {@link io.gevent4j.lock.RLock}, all
 * {@link io.gevent4j.lock.Acquirable}, so {@code try (var held = lock.hold()) { ... }} releases on exit.
 *
 * <p>All public types here are API.
 */
package io.gevent4j.lock;
