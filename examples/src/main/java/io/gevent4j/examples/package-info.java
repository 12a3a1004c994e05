/**
 * Runnable examples of gevent4j, not a library: {@link io.gevent4j.examples.Demo} (the first part of the
 * README's demo: many greenlets doing plain blocking work on one thread) and
 * {@link io.gevent4j.examples.EchoServer} (a {@code StreamServer}), both through gevent4j's API; and
 * {@link io.gevent4j.examples.legacy.ThreadPerConnectionEcho}, a plain-Java program with no gevent4j in
 * it, which the demo's second part runs with and without the patch agent.
 */
package io.gevent4j.examples;
