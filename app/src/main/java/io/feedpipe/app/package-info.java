/**
 * The runnable service: command line, wiring, lifecycle.
 *
 * <p>{@link io.feedpipe.app.Main} parses the command line; {@code run} builds a {@link
 * io.feedpipe.app.FeedpipeService}: an embedded Kafka broker when no bootstrap servers are
 * configured, the publisher (which restores feed state before anything is polled), the ops HTTP
 * server, and the scheduler whose poll task is {@link io.feedpipe.app.FeedPipeline}: ingest → normalize
 * → publish, one transaction per poll. The app is the only place that knows all three stages.
 */
@NullMarked
package io.feedpipe.app;

import org.jspecify.annotations.NullMarked;
