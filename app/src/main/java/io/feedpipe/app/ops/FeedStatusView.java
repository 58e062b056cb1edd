package io.feedpipe.app.ops;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Redaction;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One feed as {@code GET /feeds} and {@code feedpipe status} show it.
 *
 * @param id the feed's id
 * @param url the feed's current URL (after permanent redirects), redacted
 * @param lastPollAt when it was last polled, whatever the outcome
 * @param outcome how the last poll ended
 * @param nextDueAt when it will be polled next (empty when disabled or not yet scheduled)
 * @param consecutiveErrors failed polls since the last success
 * @param error the last poll's error message, when it failed
 * @param disabledReason why the feed is no longer polled, when it is not
 */
public record FeedStatusView(
    String id,
    URI url,
    Optional<Instant> lastPollAt,
    Optional<PollOutcome> outcome,
    Optional<Instant> nextDueAt,
    int consecutiveErrors,
    Optional<String> error,
    Optional<String> disabledReason) {

  public FeedStatusView {
    requireNonNull(id, "id");
    url = Redaction.url(requireNonNull(url, "url"));
    requireNonNull(lastPollAt, "lastPollAt");
    requireNonNull(outcome, "outcome");
    requireNonNull(nextDueAt, "nextDueAt");
    requireNonNull(error, "error");
    requireNonNull(disabledReason, "disabledReason");
  }

  /**
   * The view of a feed from its state and, when it has been polled since the service started,
   * its last feed-status record (which gives the outcome and the error message).
   */
  public static FeedStatusView of(FeedState state, Optional<FeedStatus> lastStatus) {
    requireNonNull(state, "state");
    requireNonNull(lastStatus, "lastStatus");
    return new FeedStatusView(
        state.feedId(),
        state.url(),
        state.lastPollAt(),
        lastStatus.map(FeedStatus::outcome),
        state.disabledReason().isPresent() ? Optional.empty() : state.nextDueAt(),
        state.consecutiveErrors(),
        lastStatus.flatMap(FeedStatus::message),
        state.disabledReason());
  }
}
