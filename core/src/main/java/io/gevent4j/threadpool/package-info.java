/**
 * Running blocking work for greenlets on platform threads (gevent's {@code gevent.threadpool}):
 * {@link io.gevent4j.threadpool.ThreadPool#apply} runs a call the JDK cannot make cooperative (a file
 * read, a DNS look-up) on a pool thread while only the calling greenlet waits. Each hub has a pool of
 * its own; the patch agent sends such calls there.
 *
 * <p>{@link io.gevent4j.threadpool.ThreadPool} is API.
 */
package io.gevent4j.threadpool;
