package io.feedpipe.ingest;

/** How reading a body ended. */
sealed interface ParseOutcome {
  record Parsed(ParsedFeed feed) implements ParseOutcome {}

  /**
   * The body could not be read as a feed.
   *
   * @param kind {@code charset}, {@code xml}, {@code format} or {@code empty}
   * @param message what was wrong, for the feed status and the dead letter
   */
  record Unreadable(String kind, String message) implements ParseOutcome {}
}
