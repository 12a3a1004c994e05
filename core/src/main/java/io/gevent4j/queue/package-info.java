/**
 * Cooperative queues (gevent's {@code gevent.queue}): {@link io.gevent4j.queue.Queue} (FIFO),
 * {@link io.gevent4j.queue.LifoQueue}, {@link io.gevent4j.queue.PriorityQueue},
 * {@link io.gevent4j.queue.JoinableQueue} and {@link io.gevent4j.queue.Channel}, with the unchecked
 * {@link io.gevent4j.queue.Empty} and {@link io.gevent4j.queue.Full} exceptions.
 *
 * <p>All public types here are API.
 */
package io.gevent4j.queue;
