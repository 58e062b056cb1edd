package io.feedpipe.ingest;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest remembers of each feed's last successful poll, in memory only: hashes of its item
 * identities (to notice when every item is new) and the interval chosen then (kept across 304s).
 * One entry per feed id, so it is bounded by the number of feeds (a removed feed's is dropped); lost on restart, which only
 * means the first poll after a restart cannot tell whether every item is new. Thread-safe.
 */
final class FeedMemory {
  record Entry(long[] identityHashes, Duration interval) {}

  private final ConcurrentHashMap<String, Entry> byFeed = new ConcurrentHashMap<>();

  Optional<Entry> get(String feedId) {
    return Optional.ofNullable(byFeed.get(feedId));
  }

  void put(String feedId, List<String> identities, Duration interval) {
    long[] hashes = identities.stream().mapToLong(FeedMemory::hash).sorted().toArray();
    byFeed.put(feedId, new Entry(hashes, interval));
  }

  /** Forgets a feed that is no longer polled. */
  void remove(String feedId) {
    byFeed.remove(feedId);
  }

  /** True when the feed was seen before, has items, and none of them was in the last poll. */
  boolean everyItemNew(String feedId, List<String> identities) {
    Entry previous = byFeed.get(feedId);
    if (previous == null || identities.isEmpty() || previous.identityHashes().length == 0) {
      return false;
    }
    for (String identity : identities) {
      if (Arrays.binarySearch(previous.identityHashes(), hash(identity)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static long hash(String s) {
    long h = 1125899906842597L;
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 29);
  }
}
