package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything one poll of one feed produced, handed to publish to commit in one transaction.
 *
 * <p>{@code state} carries the feed's new validators, URL, error count and schedule; publish merges
 * its seen items with the stories it decides to publish (new or changed content) before writing it.
 *
 * @param state the feed's state after this poll
 * @param stories every story the feed holds now (publish skips the unchanged ones)
 * @param deadLetters what could not be read
 * @param status the feed-status record of this poll
 */
public record PollResult(FeedState state, List<Story> stories, List<DeadLetter> deadLetters, FeedStatus status) {
  public PollResult {
    requireNonNull(state, "state");
    stories = List.copyOf(stories);
    deadLetters = List.copyOf(deadLetters);
    requireNonNull(status, "status");
    if (!state.feedId().equals(status.feedId())) {
      throw new IllegalArgumentException(
          "state is for feed " + state.feedId() + " but status for " + status.feedId());
    }
  }
}
