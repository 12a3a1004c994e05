/**
 * API: the patch SPI, for a library or an application to make its own blocking methods cooperative
 * without changing gevent4j (as psycogreen does for psycopg in gevent).
 *
 * <p>A {@link io.gevent4j.monkey.spi.Patch}, listed in {@code META-INF/services}, declares methods
 * through {@link io.gevent4j.monkey.spi.Patching} and says what becomes of their calls in hub code
 * (offload to the hub's thread pool, or redirect to a hub-aware method), and what it needs to apply
 * ({@link io.gevent4j.monkey.spi.Requirement}). Those words need nothing but the JDK to compile; only
 * {@link io.gevent4j.monkey.spi.Patching.Method#advise Patching.Method.advise}, the agent's own form,
 * takes Byte Buddy advice classes and is not stable for other code.
 */
package io.gevent4j.monkey.spi;
