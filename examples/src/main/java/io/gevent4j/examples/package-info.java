/**
 * Runnable examples of gevent4j, not a library: {@link io.gevent4j.examples.Demo} (the README's demo:
 * many greenlets doing plain blocking work on one thread) and {@link io.gevent4j.examples.EchoServer}
 * (a {@code StreamServer}). They use gevent4j's API only.
 */
package io.gevent4j.examples;
