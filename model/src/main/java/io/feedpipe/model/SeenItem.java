package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the feed state remembers of one published story ({@link SeenStories}).
 *
 * @param contentHash the 64-bit hash of the story's published content; another hash means a new revision
 * @param revision the last revision published
 * @param lastSeenAt the last poll in which the story was still in the feed, rounded up to the second
 */
public record SeenItem(long contentHash, int revision, Instant lastSeenAt) {
  public SeenItem {
    requireNonNull(lastSeenAt, "lastSeenAt");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be at least 1, was " + revision);
    }
  }
}
