/**
 * Events and async results: objects a greenlet (or any thread) waits on until another sets them.
 * Both are {@link io.gevent4j.Waitable}, so {@link io.gevent4j.Gevent#wait} and
 * {@link io.gevent4j.Gevent#iwait} accept them alongside greenlets.
 *
 * <p>All public types here are API: {@link io.gevent4j.event.Event} (a flag) and
 * {@link io.gevent4j.event.AsyncResult} (a value or failure that arrives later, also a
 * {@link java.util.concurrent.Future}).
 */
package io.gevent4j.event;
