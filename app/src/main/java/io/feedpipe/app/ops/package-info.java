/**
 * Operating feedpipe: its meters and the small HTTP server that exposes them with health and a
 * per-feed status view.
 *
 * <p>Design note. {@link io.feedpipe.app.ops.PipelineMetrics} is the one {@code MeterBinder} of
 * the pipeline: the wiring calls its {@code record*} methods at the edges of each stage (after a
 * fetch, after normalizing, after a transaction), so ingest, normalize and publish stay free of
 * Micrometer. Names are Micrometer dot names under {@code feedpipe.}, which the Prometheus
 * registry renders with base units and {@code _total}; every tag has a small, fixed or rule-bound
 * set of values, never a feed id or URL (per-feed detail lives in the feed-status topic and in
 * {@code GET /feeds}). Gauges read the current feed states through a supplier when scraped, so
 * nothing here keeps a copy of the feed table.
 *
 * <p>{@link io.feedpipe.app.ops.OpsServer} is the JDK {@code HttpServer} on virtual threads; it
 * serves {@code GET} only, and its handlers only read: the registry, a {@link
 * io.feedpipe.app.ops.HealthCheck} and a {@link io.feedpipe.app.ops.FeedsView}, both supplied by
 * the wiring and expected to answer from memory without blocking.
 */
@NullMarked
package io.feedpipe.app.ops;

import org.jspecify.annotations.NullMarked;
