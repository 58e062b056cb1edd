package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * What one committed {@link StoryPublisher#publish} wrote.
 *
 * @param newStories stories published with revision 1
 * @param updatedStories stories published with a new revision (their content hash changed)
 * @param unchangedStories stories already published with the same content: nothing written
 * @param recordsByTopic records committed per topic name (stories, flagged, dead letters, status, state)
 * @param deadLetters dead letters written: the poll's own plus stories too large or not encodable
 * @param transactionDuration from the transaction's begin to its commit
 */
public record PublishReceipt(
    int newStories,
    int updatedStories,
    int unchangedStories,
    Map<String, Integer> recordsByTopic,
    int deadLetters,
    Duration transactionDuration) {

  public PublishReceipt {
    recordsByTopic = Map.copyOf(recordsByTopic);
    requireNonNull(transactionDuration, "transactionDuration");
  }

  /** New and updated stories: what subscribers received. */
  public int published() {
    return newStories + updatedStories;
  }
}
