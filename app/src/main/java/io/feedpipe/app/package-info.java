/**
 * The runnable service: command line, wiring, lifecycle.
 *
 * <p>{@link io.feedpipe.app.Main} parses the command line; {@code run} builds a {@link
 * io.feedpipe.app.FeedpipeService}: the ops HTTP server, an embedded Kafka broker when no bootstrap
 * servers are configured, the publisher (which restores feed state before anything is polled), and
 * the scheduler whose poll task is {@link io.feedpipe.app.FeedPipeline}: ingest → normalize →
 * publish, each poll all-or-nothing in a transaction it may share with concurrent polls (group
 * commit). The app is the only place that knows all three stages.
 */
@NullMarked
package io.feedpipe.app;

import org.jspecify.annotations.NullMarked;
