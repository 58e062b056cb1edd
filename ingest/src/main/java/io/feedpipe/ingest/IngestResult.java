package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import java.time.Duration;
import java.util.List;

/**
 * What one poll of one feed produced.
 *
 * @param nextState the previous state with new validators ({@code etag}, {@code lastModified}), URL
 *     (after a permanent redirect), {@code consecutiveErrors}, {@code lastPollAt}, {@code
 *     lastSuccessAt}, {@code nextDueAt} (empty once disabled) and {@code disabledReason} (410 Gone);
 *     {@code seen} is copied unchanged, publish owns it
 * @param status the feed-status record of this poll; {@code storiesPublished} is 0 (publish fills it)
 * @param items every item of the feed, in feed order (empty on 304 and on failure)
 * @param deadLetters bodies that arrived but could not be read
 * @param fetchDuration time spent fetching, redirects included
 * @param bytesFetched body bytes read (after decoding gzip/deflate)
 */
public record IngestResult(
    FeedState nextState,
    FeedStatus status,
    List<RawItem> items,
    List<DeadLetter> deadLetters,
    Duration fetchDuration,
    long bytesFetched) {

  public IngestResult {
    requireNonNull(nextState, "nextState");
    requireNonNull(status, "status");
    items = List.copyOf(items);
    deadLetters = List.copyOf(deadLetters);
    requireNonNull(fetchDuration, "fetchDuration");
  }

  /** What publish is given for this poll: its state, status and dead letters with {@code stories}, its items normalized. */
  public PollResult toPollResult(List<Story> stories) {
    return new PollResult(nextState, stories, deadLetters, status);
  }
}
