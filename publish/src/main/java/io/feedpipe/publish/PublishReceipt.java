package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one committed {@link StoryPublisher#publish} wrote, so that callers need not work it out
 * again from the feed state.
 *
 * @param stories the stories published, in the poll's order: each story id with the revision its
 *     event carries (1 for a new story)
 * @param unchangedStories stories already published with the same content: nothing written
 * @param deadLetterKinds the kind of each dead letter written: the poll's own (ingest's kinds, such
 *     as {@code format} or {@code xml}) and those of stories that could not be published ({@code
 *     oversized-story}, {@code unencodable-story}, {@code kafka-<error>})
 * @param recordsByTopic records committed per topic name (see {@link Topics#roleOf})
 * @param transactionDuration from the transaction's begin to its commit
 */
public record PublishReceipt(
    List<PublishedStory> stories,
    int unchangedStories,
    List<String> deadLetterKinds,
    Map<String, Integer> recordsByTopic,
    Duration transactionDuration) {

  /** A story event written: the story and its revision. */
  public record PublishedStory(String storyId, int revision) {
    public PublishedStory {
      requireNonNull(storyId, "storyId");
      if (revision < 1) {
        throw new IllegalArgumentException("revision must be at least 1, was " + revision);
      }
    }

    /** Whether this is the story's first publication. */
    public boolean isNew() {
      return revision == 1;
    }
  }

  public PublishReceipt {
    stories = List.copyOf(stories);
    deadLetterKinds = List.copyOf(deadLetterKinds);
    recordsByTopic = Map.copyOf(recordsByTopic);
    requireNonNull(transactionDuration, "transactionDuration");
  }

  /** Stories published with revision 1. */
  public int newStories() {
    return (int) stories.stream().filter(PublishedStory::isNew).count();
  }

  /** Stories published with a new revision (their content changed). */
  public int updatedStories() {
    return stories.size() - newStories();
  }

  /** Dead letters written. */
  public int deadLetters() {
    return deadLetterKinds.size();
  }
}
