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
 * @param guidStability {@code unstable} once the feed's guids were seen changing between polls for
 *     the same stories (they are then told apart by canonical link), else {@code stable}; a record
 *     without the field reads as {@code stable}
 * @param dateStability {@code unstable} once the feed's dates were seen moving on unchanged stories
 *     poll after poll (they then keep the date first published), else {@code stable}
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
    List<Repair> repairs,
    String guidStability,
    String dateStability) {

  /** The value of {@link #guidStability} and {@link #dateStability} until the feed shows otherwise. */
  public static final String STABLE = "stable";
  /** The value of {@link #guidStability} or {@link #dateStability} once the feed showed it. */
  public static final String UNSTABLE = "unstable";

  /** A status that says nothing yet about the feed's guids and dates: both {@code stable}. */
  public FeedStatus(String feedId, URI url, Instant polledAt, PollOutcome outcome, Optional<Integer> httpStatus,
      Optional<String> errorKind, Optional<String> message, int storiesPublished, Optional<Instant> nextAttemptAt,
      Optional<String> disabledReason, List<Repair> repairs) {
    this(feedId, url, polledAt, outcome, httpStatus, errorKind, message, storiesPublished, nextAttemptAt,
        disabledReason, repairs, STABLE, STABLE);
  }

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
    guidStability = stability(guidStability, "guidStability");
    dateStability = stability(dateStability, "dateStability");
  }

  /** This status with the feed's stability as publish found it. */
  public FeedStatus withStability(boolean guidsUnstable, boolean datesUnstable) {
    return new FeedStatus(feedId, url, polledAt, outcome, httpStatus, errorKind, message, storiesPublished,
        nextAttemptAt, disabledReason, repairs, guidsUnstable ? UNSTABLE : STABLE, datesUnstable ? UNSTABLE : STABLE);
  }

  /** This status with {@code n} stories published. */
  public FeedStatus withStoriesPublished(int n) {
    return new FeedStatus(feedId, url, polledAt, outcome, httpStatus, errorKind, message, n, nextAttemptAt,
        disabledReason, repairs, guidStability, dateStability);
  }

  private static String stability(String value, String name) {
    if (value == null) { // a record written before the field existed
      return STABLE;
    }
    if (!value.equals(STABLE) && !value.equals(UNSTABLE)) {
      throw new IllegalArgumentException(name + " must be " + STABLE + " or " + UNSTABLE + ", was '" + value + "'");
    }
    return value;
  }
}
