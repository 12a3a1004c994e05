/**
 * Not API: the agent's start-up. {@link io.gevent4j.monkey.agent.Launcher} is the jar's
 * {@code Premain-Class}, {@code Agent-Class} and {@code Launcher-Agent-Class}, compiled to Java 8
 * bytecode so that an old JVM gets one warning instead of an error; on Java 21+ it hands over to
 * {@link io.gevent4j.monkey.agent.Agent}, which installs the bootstrap bridge and applies the patches
 * {@link io.gevent4j.monkey.agent.Patches} finds and selects. {@code Monkey.patchAll()} reaches
 * {@code Agent} directly.
 */
package io.gevent4j.monkey.agent;
