/**
 * An end-to-end load benchmark, run by hand ({@link io.feedpipe.e2e.benchmark.EndToEndBenchmark}).
 *
 * <p>Design note: the figure that matters is a ratio, not a rate. On a shared 2-core machine the
 * absolute stories/s swing with whatever else runs, so one JVM holds the broker, a local feed
 * server, the whole service and, afterwards, a bare transactional producer that sends the very
 * event bytes the service produced, in transactions of one feed's poll. Both numbers come from the
 * same broker, the same minute and the same noise; their ratio is what the goal ("end to
 * end at least half the bare producer") is about.
 */
@org.jspecify.annotations.NullMarked
package io.feedpipe.e2e.benchmark;
