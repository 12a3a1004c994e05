/**
 * <strong>Not API.</strong> Small helpers that every gevent4j package uses, depending on the JDK only:
 * the deadline vocabulary ({@link io.gevent4j.internal.Deadlines}), reports of failures nobody can catch
 * ({@link io.gevent4j.internal.Report}, through {@link java.lang.System.Logger}), rethrowing a
 * throwable unchanged ({@link io.gevent4j.internal.Rethrow}), and waiting for a helper thread through
 * interrupts ({@link io.gevent4j.internal.Threads}).
 *
 * <p>The classes are public only because gevent4j's own packages (and its patch agent) live in
 * several packages; no public signature of gevent4j's API names them, so applications never need
 * to import them, and they may change in any release.
 */
package io.gevent4j.internal;
