package io.feedpipe.publish;

import io.feedpipe.model.FeedState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one poll result commits, decided before the transaction begins: the records in send
 * order (stories and flagged copies, dead letters, the feed-status record, the feed-state record
 * last) and the feed state that becomes current once they commit.
 */
record TransactionPlan(
    List<OutRecord> records, FeedState newState, int newStories, int updatedStories, int unchangedStories,
    int deadLetters) {

  TransactionPlan {
    records = List.copyOf(records);
  }

  Map<String, Integer> recordsByTopic() {
    Map<String, Integer> counts = new TreeMap<>();
    for (OutRecord r : records) {
      counts.merge(r.topic(), 1, Integer::sum);
    }
    return counts;
  }
}
