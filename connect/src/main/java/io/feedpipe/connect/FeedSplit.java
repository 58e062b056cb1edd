package io.feedpipe.connect;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * One task's share of the feeds: the feeds whose id hashes to {@code index} of {@code count}. The
 * hash is Kafka's murmur2 of the id's UTF-8 bytes (the default partitioner's), so every worker and
 * every version agrees where a feed goes, and a feed added to the feeds topic lands on exactly one
 * task without a restart.
 *
 * @param index this task, 0-based
 * @param count how many tasks share the feeds ({@code tasks.max})
 */
public record FeedSplit(int index, int count) {
  /** All feeds: what one task alone polls. */
  public static final FeedSplit WHOLE = new FeedSplit(0, 1);

  public FeedSplit {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("task " + index + " of " + count + ": need 0 <= index < count");
    }
  }

  /** Whether this task polls the feed {@code feedId}. */
  public boolean owns(String feedId) {
    return ownerOf(feedId, count) == index;
  }

  /** The task, of {@code count}, that polls {@code feedId}. */
  static int ownerOf(String feedId, int count) {
    return Utils.toPositive(Utils.murmur2(feedId.getBytes(StandardCharsets.UTF_8))) % count;
  }
}
