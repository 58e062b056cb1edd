package io.feedpipe.app.ops;

import java.util.List;

/**
 * Answers {@code GET /feeds}: one entry per configured feed, in the order the wiring chooses.
 *
 * <p>Called on request, on a virtual thread; answer from memory (the scheduler's current feed
 * states), never by reading Kafka.
 */
@FunctionalInterface
public interface FeedsView {
  /** The feeds and their last poll, now. */
  List<FeedStatusView> feeds();
}
