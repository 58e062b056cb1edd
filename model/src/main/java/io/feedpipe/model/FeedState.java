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
 * @param url where the feed is polled: its configured URL, or where a permanent redirect moved it
 * @param movedFrom the configured URL a permanent redirect moved the feed away from; empty while it
 *     is polled at its configured URL (and in states written before this was recorded)
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
    Optional<URI> movedFrom,
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
    requireNonNull(movedFrom, "movedFrom");
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
        feedId, url, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Where to poll {@code feed} from this state: the one answer for the fetch and for the per-host
   * bounds. That is this state's URL when it is the configured one or a permanent redirect moved
   * the configured one there; otherwise the operator has since given the feed (same id) another URL
   * in the feeds file, and the configured URL wins.
   */
  public URI urlFor(FeedDefinition feed) {
    URI configured = feed.url();
    return url.equals(configured) || movedFrom.filter(configured::equals).isPresent() ? url : configured;
  }

  /**
   * This state for {@code feed} as configured now. Unchanged while {@link #urlFor} is this state's
   * URL; when the operator gave the feed another URL, the feed moves there: polled at once, with no
   * validators, errors, back-off or disabling carried over from the old URL. Its seen stories stay,
   * since story ids hang on the feed id, so nothing is published twice.
   */
  public FeedState configuredAs(FeedDefinition feed) {
    if (!feed.id().equals(feedId)) {
      throw new IllegalArgumentException("feed " + feed.id() + " is not the feed of this state (" + feedId + ")");
    }
    URI target = urlFor(feed);
    if (target.equals(url)) {
      return target.equals(feed.url()) && movedFrom.isPresent()
          ? new FeedState(feedId, url, Optional.empty(), etag, lastModified, seen, consecutiveErrors, lastPollAt,
              lastSuccessAt, nextDueAt, disabledReason)
          : this;
    }
    return new FeedState(feedId, target, Optional.empty(), Optional.empty(), Optional.empty(), seen, 0, lastPollAt,
        lastSuccessAt, Optional.empty(), Optional.empty());
  }

}
