package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The placed stories in memory: which story keys are placed, when, and which hold each anchor. It
 * is derived from the placed-stories store (changelogged), built from it whenever the clustering
 * task starts and kept in step with it by {@link Clusterer}; so it needs no store, no changelog
 * and no disk read of its own, and a transaction that was aborted leaves nothing behind in it
 * (Kafka Streams starts the task anew, which builds it anew).
 *
 * <p>Layout, in primitive arrays: the stories in the order they were placed (their index is their
 * ordinal; those older than the window are forgotten from the front, and the arrays compacted once
 * the forgotten ones outnumber the rest); for each anchor a list of postings (story ordinals),
 * newest first, in an open-addressing table. About 20 bytes per anchor posted (some 40 per story)
 * and a story key's string: roughly 1 KB per story in the window.
 *
 * <p>Not thread-safe: one per clustering task, used on its thread.
 */
final class AnchorIndex {
  /** One candidate: how many anchors it shares with the story looked up, and when it was placed. */
  static final class Hit {
    int anchors;
    long placedAt;
  }

  private static final int NONE = -1;
  private static final int MIN_COMPACTION = 1024;

  // stories: ordinal → key and time placed; ordinals [start, end) are live
  private String[] keys = new String[1024];
  private long[] times = new long[1024];
  private int start;
  private int end;
  private final Map<String, Integer> latestByKey = new HashMap<>();

  // anchor → newest posting, open addressing (linear probing), a free slot's head is NONE
  private int[] slotAnchor = new int[1024];
  private int[] slotHead = filled(1024);
  private int slotsUsed;

  // postings: story ordinal and the next (older) posting of the same anchor
  private int[] postStory = new int[4096];
  private int[] postNext = new int[4096];
  private int postings;

  /** An index of every story in {@code placed}, in the order of their times. */
  static AnchorIndex of(WindowStore<String, IndexedStory> placed) {
    record Placed(long at, String key, int[] anchors) {}
    List<Placed> all = new ArrayList<>();
    try (KeyValueIterator<Windowed<String>, IndexedStory> it = placed.all()) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, IndexedStory> story = it.next();
        all.add(new Placed(story.key.window().start(), story.key.key(), story.value.anchors()));
      }
    }
    all.sort(Comparator.comparingLong(Placed::at));
    AnchorIndex index = new AnchorIndex();
    for (Placed p : all) {
      index.add(p.key(), p.at(), p.anchors());
    }
    return index;
  }

  /** Adds a placed story and posts it under {@code anchors} (none for a story too short to match). */
  void add(String storyKey, long at, int[] anchors) {
    requireNonNull(storyKey, "storyKey");
    if (end == keys.length) {
      keys = Arrays.copyOf(keys, end * 2);
      times = Arrays.copyOf(times, end * 2);
    }
    int ordinal = end++;
    keys[ordinal] = storyKey;
    times[ordinal] = at;
    latestByKey.put(storyKey, ordinal);
    for (int anchor : anchors) {
      post(anchor, ordinal);
    }
  }

  /** The time {@code storyKey} was last placed if that is within {@code [from, to]}, else -1. */
  long placedAt(String storyKey, long from, long to) {
    Integer ordinal = latestByKey.get(storyKey);
    if (ordinal == null) {
      return -1;
    }
    long at = times[ordinal];
    return at >= from && at <= to ? at : -1;
  }

  /**
   * Adds one hit for each story (at most {@code limit}, the newest first) posted under {@code
   * anchor} and placed within {@code [from, to]}.
   */
  void collect(int anchor, long from, long to, int limit, Map<String, Hit> hits) {
    int slot = slotOf(anchor);
    int found = 0;
    for (int p = slotHead[slot]; p != NONE && found < limit; p = postNext[p]) {
      int ordinal = postStory[p];
      if (ordinal < start) {
        break; // this one and every older one forgotten
      }
      long at = times[ordinal];
      if (at >= from && at <= to) {
        Hit hit = hits.computeIfAbsent(keys[ordinal], k -> new Hit());
        hit.anchors++;
        hit.placedAt = at;
        found++;
      }
    }
  }

  /**
   * Forgets the stories placed before {@code cutoff}, from the oldest placed on (a story placed out
   * of time order is forgotten with the ones placed around it).
   */
  void forgetBefore(long cutoff) {
    while (start < end && times[start] < cutoff) {
      latestByKey.remove(keys[start], start);
      keys[start] = null;
      start++;
    }
    if (start >= MIN_COMPACTION && start >= end - start) {
      compact();
    }
  }

  /** How many stories it holds. */
  int size() {
    return end - start;
  }

  /** Drops the forgotten stories and their postings, renumbering the rest from 0. */
  private void compact() {
    int shift = start;
    int live = end - start;
    int capacity = Math.max(1024, Integer.highestOneBit(Math.max(1, live)) * 2);
    String[] newKeys = new String[capacity];
    long[] newTimes = new long[capacity];
    System.arraycopy(keys, start, newKeys, 0, live);
    System.arraycopy(times, start, newTimes, 0, live);
    keys = newKeys;
    times = newTimes;
    start = 0;
    end = live;
    latestByKey.replaceAll((key, ordinal) -> ordinal - shift);

    int[] oldAnchor = slotAnchor;
    int[] oldHead = slotHead;
    int[] oldStory = postStory;
    int[] oldNext = postNext;
    int kept = 0;
    for (int slot = 0; slot < oldHead.length; slot++) {
      for (int p = oldHead[slot]; p != NONE && oldStory[p] >= shift; p = oldNext[p]) {
        kept++;
      }
    }
    slotAnchor = new int[tableSizeFor(kept)];
    slotHead = filled(slotAnchor.length);
    slotsUsed = 0;
    postStory = new int[Math.max(4096, kept * 2)];
    postNext = new int[postStory.length];
    postings = 0;
    int[] chain = new int[64];
    for (int slot = 0; slot < oldHead.length; slot++) {
      int n = 0;
      for (int p = oldHead[slot]; p != NONE && oldStory[p] >= shift; p = oldNext[p]) {
        if (n == chain.length) {
          chain = Arrays.copyOf(chain, n * 2);
        }
        chain[n++] = oldStory[p] - shift;
      }
      for (int i = n - 1; i >= 0; i--) { // oldest first, so that the list is newest first again
        post(oldAnchor[slot], chain[i]);
      }
    }
  }

  private void post(int anchor, int ordinal) {
    if (postings == postStory.length) {
      postStory = Arrays.copyOf(postStory, postings * 2);
      postNext = Arrays.copyOf(postNext, postings * 2);
    }
    int slot = slotOf(anchor);
    if (slotHead[slot] == NONE) {
      if (2 * (slotsUsed + 1) > slotAnchor.length) {
        grow();
        slot = slotOf(anchor);
      }
      slotAnchor[slot] = anchor;
      slotsUsed++;
    }
    int p = postings++;
    postStory[p] = ordinal;
    postNext[p] = slotHead[slot];
    slotHead[slot] = p;
  }

  /** The slot of {@code anchor}: where it is, or the free one where it would go. */
  private int slotOf(int anchor) {
    int mask = slotAnchor.length - 1;
    int slot = mix(anchor) & mask;
    while (slotHead[slot] != NONE && slotAnchor[slot] != anchor) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldAnchor = slotAnchor;
    int[] oldHead = slotHead;
    slotAnchor = new int[oldAnchor.length * 2];
    slotHead = filled(slotAnchor.length);
    for (int slot = 0; slot < oldHead.length; slot++) {
      if (oldHead[slot] != NONE) {
        int to = slotOf(oldAnchor[slot]);
        slotAnchor[to] = oldAnchor[slot];
        slotHead[to] = oldHead[slot];
      }
    }
  }

  private static int tableSizeFor(int anchors) {
    int size = 1024;
    while (size < 2 * anchors) {
      size *= 2;
    }
    return size;
  }

  private static int[] filled(int length) {
    int[] heads = new int[length];
    Arrays.fill(heads, NONE);
    return heads;
  }

  /** Anchors are hashes already; this spreads their low bits anyway. */
  private static int mix(int anchor) {
    int h = anchor * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
