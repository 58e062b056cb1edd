package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the feed state remembers of one published story.
 *
 * @param contentHash hash of the story's published content; a different hash means a new revision
 * @param revision the last revision published
 * @param lastSeenAt the last poll in which the item was still in the feed
 */
public record SeenItem(String contentHash, int revision, Instant lastSeenAt) {
  public SeenItem {
    requireNonNull(contentHash, "contentHash");
    requireNonNull(lastSeenAt, "lastSeenAt");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be at least 1, was " + revision);
    }
  }
}
