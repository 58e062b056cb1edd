package io.feedpipe.publish;

/**
 * Test seam: called on the publishing thread at the two instants a crash test aims at. The
 * default does nothing.
 */
interface TransactionHook {
  TransactionHook NONE = new TransactionHook() {};

  /** Every record of the feed's poll was handed to the producer; the commit has not begun. */
  default void afterSends(String feedId) {}

  /** The feed's transaction committed; the in-memory state has advanced. */
  default void afterCommit(String feedId) {}
}
