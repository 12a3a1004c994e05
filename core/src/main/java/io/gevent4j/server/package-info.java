/**
 * Servers that run a handler per connection or datagram, each in its own greenlet (gevent's
 * {@code gevent.server}): {@link io.gevent4j.server.StreamServer} for TCP (and TLS),
 * {@link io.gevent4j.server.DatagramServer} for UDP, both {@link io.gevent4j.server.BaseServer}s with
 * the same life cycle (start, serve, stop with a grace period) on one hub or several.
 *
 * <p>All public types here are API.
 */
package io.gevent4j.server;
