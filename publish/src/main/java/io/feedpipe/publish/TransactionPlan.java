package io.feedpipe.publish;

import io.feedpipe.model.FeedState;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything one poll result commits, decided before the transaction begins: the records in send
 * order (stories and flagged copies, dead letters, the feed-status record, the feed-state record
 * last) and the feed state that becomes current once they commit — null when the plan forgets the
 * feed (its records are then the tombstones of its state and status) — and what the poll found out
 * about its feed, a line each to log once the plan committed ({@link StabilityEvidence}).
 */
record TransactionPlan(
    List<OutRecord> records, @Nullable FeedState newState, List<PublishedStory> published, int unchangedStories,
    List<String> deadLetterKinds, List<String> findings) {

  TransactionPlan {
    findings = List.copyOf(findings);
    records = List.copyOf(records);
    published = List.copyOf(published);
    deadLetterKinds = List.copyOf(deadLetterKinds);
  }

  /** What the caller learns once this plan committed in {@code took}. */
  PublishReceipt receipt(java.time.Duration took) {
    return new PublishReceipt(published, unchangedStories, deadLetterKinds, recordsByTopic(), took);
  }

  Map<String, Integer> recordsByTopic() {
    Map<String, Integer> counts = new TreeMap<>();
    for (OutRecord r : records) {
      counts.merge(r.topic(), 1, Integer::sum);
    }
    return counts;
  }
}
