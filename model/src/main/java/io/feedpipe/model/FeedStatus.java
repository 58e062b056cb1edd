package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The public record of a feed's last poll: one per feed in the compacted feed-status topic. Its URL
 * and texts are {@linkplain Redaction redacted} as they are made.
 *
 * @param feedId the feed's id
 * @param url the feed's current URL
 * @param polledAt when the poll ran
 * @param outcome how it ended
 * @param httpStatus the final HTTP status, when there was one
 * @param errorKind a machine-readable error kind (for example {@code timeout}, {@code
 *     too-large}, {@code refused}, {@code http-status}, {@code xml}, {@code charset}), on failure
 * @param message a human-readable reason naming the feed and the limit or rule involved, on failure
 * @param storiesPublished new stories and revisions this poll published
 * @param nextAttemptAt when the feed will be polled again (empty when disabled)
 * @param disabledReason why the feed is no longer polled, when it is not
 * @param repairs what was repaired to read the feed outside its items (its items' own repairs are
 *     on their stories); a record without the field reads as none
 */
public record FeedStatus(
    String feedId,
    URI url,
    Instant polledAt,
    PollOutcome outcome,
    Optional<Integer> httpStatus,
    Optional<String> errorKind,
    Optional<String> message,
    int storiesPublished,
    Optional<Instant> nextAttemptAt,
    Optional<String> disabledReason,
    List<Repair> repairs) {

  public FeedStatus {
    requireNonNull(feedId, "feedId");
    url = Redaction.url(requireNonNull(url, "url"));
    requireNonNull(polledAt, "polledAt");
    requireNonNull(outcome, "outcome");
    requireNonNull(httpStatus, "httpStatus");
    requireNonNull(errorKind, "errorKind");
    message = requireNonNull(message, "message").map(Redaction::text);
    requireNonNull(nextAttemptAt, "nextAttemptAt");
    disabledReason = requireNonNull(disabledReason, "disabledReason").map(Redaction::text);
    // a record written before the field existed is decoded with null here
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
  }
}
