/**
 * Not API: the agent's own patches, one class per patched JDK API, each holding its declarations and
 * its hub-aware code side by side, each an {@link io.gevent4j.monkey.spi.Patch} listed in the agent
 * jar's {@code META-INF/services}. Their names ({@code time}, {@code socket}, {@code dns}, {@code io},
 * {@code process}, {@code thread}, {@code main}) are the API, through the agent's options and
 * {@code Monkey}; the classes are not.
 */
package io.gevent4j.monkey.patches;
