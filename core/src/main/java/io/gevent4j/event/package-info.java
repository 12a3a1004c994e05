/**
 * Events and async results: objects a greenlet (or any thread) waits on until another sets them.
 * Both are {@link io.gevent4j.Waitable}, so {@link io.gevent4j.Gevent#wait} and
 * {@link io.gevent4j.Gevent#iwait} accept them alongside greenlets.
 */
package io.gevent4j.event;
