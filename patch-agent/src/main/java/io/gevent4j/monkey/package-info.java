/**
 * gevent's {@code monkey.patch_all()} for the JVM: the patch agent's API.
 *
 * <p>{@link io.gevent4j.monkey.Monkey} applies the patches from inside a running program (attaching
 * the agent if {@code -javaagent} did not load it) and says which are in place. With
 * {@link io.gevent4j.monkey.spi} it is the agent's whole API; the other packages ({@code agent},
 * {@code bridge}, {@code weave}, {@code patches}) are its machinery, public only so that the agent's
 * class loaders can reach them, and may change in any release.
 */
package io.gevent4j.monkey;
