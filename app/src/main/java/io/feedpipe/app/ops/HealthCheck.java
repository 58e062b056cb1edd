package io.feedpipe.app.ops;

/**
 * Answers {@code GET /health/ready} and the {@code feedpipe_ready} gauge.
 *
 * <p>Called on every probe and every scrape, on a virtual thread: it must answer from state the
 * service already holds (for example a flag the producer's callbacks maintain), not by calling
 * Kafka, and it must not throw. {@link OpsServer} reports a throwing check as not ready.
 */
@FunctionalInterface
public interface HealthCheck {
  /** The service's readiness now. */
  Health ready();
}
