/**
 * Not API: what turns a patch's declarations into woven code.
 * {@link io.gevent4j.monkey.weave.Weaver} is the agent's {@link io.gevent4j.monkey.spi.Patching}: it
 * checks a patch's declarations against the class files and weaves them with Byte Buddy;
 * {@link io.gevent4j.monkey.weave.Sites} links each woven call site when the bridge asks, and
 * {@code Calls} and {@link io.gevent4j.monkey.weave.HubCheck} are what those
 * sites run.
 */
package io.gevent4j.monkey.weave;
