package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything feedpipe remembers about one feed between polls. It lives in the compacted
 * feed-state topic, keyed by {@link #feedId()}, and is written in the same Kafka transaction as the
 * stories of the poll that produced it.
 *
 * <p>Its URLs are kept {@linkplain Redaction#url redacted}, since the state is written to Kafka: no
 * userinfo, secret query values {@code REDACTED}. {@link #urlFor} gives the URL to fetch, with the
 * secrets of the feed's definition.
 *
 * @param feedId the feed's id
 * @param url where the feed is polled, redacted: its configured URL, or where a permanent redirect
 *     moved it
 * @param movedFrom the configured URL (redacted) a permanent redirect moved the feed away from;
 *     empty while it is polled at its configured URL (and in states written before this was recorded)
 * @param etag the validator for {@code If-None-Match}
 * @param lastModified the validator for {@code If-Modified-Since}, as the server sent it
 * @param seen the published stories it remembers, compactly ({@link SeenStories})
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
    SeenStories seen,
    int consecutiveErrors,
    Optional<Instant> lastPollAt,
    Optional<Instant> lastSuccessAt,
    Optional<Instant> nextDueAt,
    Optional<String> disabledReason) {

  public FeedState {
    requireNonNull(feedId, "feedId");
    url = Redaction.url(requireNonNull(url, "url"));
    movedFrom = requireNonNull(movedFrom, "movedFrom").map(Redaction::url);
    requireNonNull(etag, "etag");
    requireNonNull(lastModified, "lastModified");
    requireNonNull(seen, "seen");
    requireNonNull(lastPollAt, "lastPollAt");
    requireNonNull(lastSuccessAt, "lastSuccessAt");
    requireNonNull(nextDueAt, "nextDueAt");
    disabledReason = requireNonNull(disabledReason, "disabledReason").map(Redaction::text);
  }

  /** The state of a feed never polled. */
  public static FeedState initial(String feedId, URI url) {
    return new FeedState(
        feedId, url, Optional.empty(), Optional.empty(), Optional.empty(), SeenStories.empty(), 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Where to poll {@code feed} from this state: the one answer for the fetch and for the per-host
   * bounds. That is this state's URL when it is the configured one or a permanent redirect moved
   * the configured one there (with the secret query values of the configured URL, {@link
   * Redaction#restore}); otherwise the operator has since given the feed (same id) another URL in
   * the feeds file, and the configured URL wins.
   */
  public URI urlFor(FeedDefinition feed) {
    URI configured = feed.url();
    URI shown = Redaction.url(configured);
    if (url.equals(shown)) {
      return configured;
    }
    return movedFrom.filter(shown::equals).isPresent() ? Redaction.restore(url, configured) : configured;
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
    URI target = Redaction.url(urlFor(feed));
    if (target.equals(url)) {
      return target.equals(Redaction.url(feed.url())) && movedFrom.isPresent()
          ? new FeedState(feedId, url, Optional.empty(), etag, lastModified, seen, consecutiveErrors, lastPollAt,
              lastSuccessAt, nextDueAt, disabledReason)
          : this;
    }
    return new FeedState(feedId, target, Optional.empty(), Optional.empty(), Optional.empty(), seen, 0, lastPollAt,
        lastSuccessAt, Optional.empty(), Optional.empty());
  }

}
