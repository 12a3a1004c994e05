/**
 * Not API: the bootstrap bridge, the only gevent4j code in the bootstrap class loader, through which
 * calls woven into JDK classes reach the agent.
 *
 * <p>It depends on the JDK only. The agent jar stores its classes under
 * {@code META-INF/gevent4j/bridge/}, never at their class path location, and the agent defines them in
 * the bootstrap loader, so the application class loader can never load second copies.
 */
package io.gevent4j.monkey.bridge;
