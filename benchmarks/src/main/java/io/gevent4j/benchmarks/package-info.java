/**
 * JMH micro-benchmarks of the hub (switches, spawn and join, queues, async results, cross-thread
 * wake-ups, sleepers) with plain virtual-thread baselines, and the memory and sleepers programs. Not a
 * library: benchmarks/run-micro.sh runs them, and docs/BENCHMARKS.md keeps their figures.
 */
package io.gevent4j.benchmarks;
