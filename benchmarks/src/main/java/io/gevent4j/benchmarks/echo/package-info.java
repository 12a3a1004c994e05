/**
 * The echo servers the echo benchmark measures side by side (benchmarks/run-echo.sh): gevent4j's
 * {@code StreamServer}, plain virtual threads, and a single-threaded Netty event loop as the ceiling,
 * each on one loop thread.
 */
package io.gevent4j.benchmarks.echo;
