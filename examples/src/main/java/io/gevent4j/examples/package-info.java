/**
 * Runnable examples of gevent4j, not a library: {@link io.gevent4j.examples.Demo} (the first part of the
 * README's demo: many greenlets doing plain blocking work on one thread) and
 * {@link io.gevent4j.examples.EchoServer} (a {@code StreamServer}) and {@link io.gevent4j.examples.HelloServer}
 * (the seeds' web app on a {@code WSGIServer}), through gevent4j's API; a third-party client made
 * cooperative by a patch of its own ({@code io.gevent4j.examples.legacy}); and
 * {@link io.gevent4j.examples.legacy.ThreadPerConnectionEcho}, a plain-Java program with no gevent4j in
 * it, which the demo's second part runs with and without the patch agent.
 */
package io.gevent4j.examples;
