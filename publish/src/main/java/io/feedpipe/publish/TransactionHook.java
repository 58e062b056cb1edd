package io.feedpipe.publish;

import java.util.List;

/**
 * Test seam: called on the publishing thread (the first restore: on the starting thread) at the
 * instants a fault test aims at. The default does nothing.
 */
interface TransactionHook {
  TransactionHook NONE = new TransactionHook() {};

  /** Every record of these feeds' polls was handed to the producer; the commit has not begun. */
  default void afterSends(List<String> feedIds) {}

  /** The transaction of these feeds' polls committed; the in-memory states have advanced. */
  default void afterCommit(List<String> feedIds) {}

  /** The feed states were read from the feed-state topic: this many records, from its beginning or not. */
  default void afterRestore(long records, boolean fromTheBeginning) {}
}
