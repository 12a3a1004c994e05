/**
 * Groups and pools of greenlets (gevent's {@code gevent.pool}): {@link io.gevent4j.pool.Group} tracks
 * greenlets so they can be joined or killed together and maps functions over inputs;
 * {@link io.gevent4j.pool.Pool} does the same with a limit on how many run at once.
 *
 * <p>All public types here are API; {@link io.gevent4j.pool.MapIterator} is what {@code imap} returns.
 */
package io.gevent4j.pool;
