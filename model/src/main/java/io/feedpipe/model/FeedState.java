package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything feedpipe remembers about one feed between polls. It lives in the compacted
 * feed-state topic, keyed by {@link #feedId()}, and is written in the same Kafka transaction as the
 * stories of the poll that produced it.
 *
 * @param feedId the feed's id
 * @param url the feed's current URL (changed by a permanent redirect)
 * @param etag the validator for {@code If-None-Match}
 * @param lastModified the validator for {@code If-Modified-Since}, as the server sent it
 * @param seen published stories by story id
 * @param consecutiveErrors failed polls since the last success
 * @param lastPollAt when the feed was last polled, whatever the outcome
 * @param lastSuccessAt when the feed was last polled successfully (200 or 304)
 * @param nextDueAt when the feed should next be polled
 * @param disabledReason why the feed is no longer polled (for example {@code 410 Gone}), when it is not
 */
public record FeedState(
    String feedId,
    URI url,
    Optional<String> etag,
    Optional<String> lastModified,
    Map<String, SeenItem> seen,
    int consecutiveErrors,
    Optional<Instant> lastPollAt,
    Optional<Instant> lastSuccessAt,
    Optional<Instant> nextDueAt,
    Optional<String> disabledReason) {

  public FeedState {
    requireNonNull(feedId, "feedId");
    requireNonNull(url, "url");
    requireNonNull(etag, "etag");
    requireNonNull(lastModified, "lastModified");
    seen = Map.copyOf(seen);
    requireNonNull(lastPollAt, "lastPollAt");
    requireNonNull(lastSuccessAt, "lastSuccessAt");
    requireNonNull(nextDueAt, "nextDueAt");
    requireNonNull(disabledReason, "disabledReason");
  }

  /** The state of a feed never polled. */
  public static FeedState initial(String feedId, URI url) {
    return new FeedState(
        feedId, url, Optional.empty(), Optional.empty(), Map.of(), 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
