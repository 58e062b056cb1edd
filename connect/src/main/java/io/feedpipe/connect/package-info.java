/**
 * connect: feedpipe as a Kafka Connect source connector. {@link io.feedpipe.connect.FeedSourceConnector}
 * splits the feeds of the feeds topic over its {@link io.feedpipe.connect.FeedSourceTask}s; each task
 * runs ingest, normalize and publish's {@link io.feedpipe.publish.PollPlans} and returns the planned
 * records, with the feed's state as their source offset, for the worker to commit exactly once.
 */
@NullMarked
package io.feedpipe.connect;

import org.jspecify.annotations.NullMarked;
