/**
 * Machinery shared by gevent4j's cooperative primitives (events, queues, locks, pools).
 *
 * <p><strong>Not API.</strong> These classes are public only because the primitives live in several
 * packages; they may change in any release. Application code should use {@code io.gevent4j.event},
 * {@code io.gevent4j.queue}, {@code io.gevent4j.lock} and {@code io.gevent4j.pool}.
 */
package io.gevent4j.internal;
