package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.jspecify.annotations.Nullable;

/**
 * The clustering step: places each story that passed the dedupe step (keyed by story key, all in
 * one partition) in a cluster, and forwards that cluster's new state keyed by cluster id.
 *
 * <ol>
 *   <li>A story key already placed within the window (a revision) changes nothing.
 *   <li>Candidates: the stories placed within the window that share an {@linkplain Shingles#anchors
 *       anchor} with it (at most {@value #POSTINGS_PER_ANCHOR} read per anchor, which bounds what a
 *       very common phrase costs), the {@value #CANDIDATES} sharing the most anchors, and at least
 *       {@value #MIN_HITS} of them when the story has four or more.
 *   <li>Each candidate is verified on the whole text ({@link TextMatch}). The story joins the
 *       cluster where at least half of the verified candidates are copies of it — the one with the
 *       most such copies, then the highest containment — else starts a cluster. Asking for half,
 *       not one, keeps out a story that matches only the cut-short members of a cluster while its
 *       full copies say otherwise (a round-up opening with the story).
 * </ol>
 *
 * <p>State, all in window stores that forget what is older than the window: the placed stories
 * (story key → cluster id and shingles) and the clusters (cluster id → its latest {@link Cluster}),
 * both changelogged, so exactly once holds for them too; and, in memory, which story keys are
 * placed when and the anchor postings ({@link AnchorIndex}), derived from the placed stories and
 * built from them when the task starts, so that a story costs no store read for its revision check
 * and its candidates, and one point read per candidate verified. A text of fewer than {@value
 * TextMatch#MIN_SHARED} shingles (about a dozen words) can match nothing: it forms a cluster of its
 * own and is not indexed.
 *
 * <p>One instance per task; the clustering sub-topology has one partition, so one task sees every
 * story (the limit on scaling this step out: see the module README).
 */
final class Clusterer implements Processor<String, StoryView, String, byte[]> {
  /** Postings read per anchor: bounds the work a very common phrase costs. */
  static final int POSTINGS_PER_ANCHOR = 32;
  /** Candidates verified per story. */
  static final int CANDIDATES = 8;
  /**
   * Anchors a candidate must share with a story of at least twice as many anchors: a copy shares
   * one per window of common text, a story that merely uses one common phrase shares one.
   */
  static final int MIN_HITS = 2;

  private final StageStores names;
  private final Duration window;
  private final StageMetrics metrics;
  private @Nullable ProcessorContext<String, byte[]> context;
  private @Nullable WindowStore<String, IndexedStory> stories;
  private @Nullable AnchorIndex index;
  private @Nullable WindowStore<String, byte[]> clusters;

  Clusterer(StageStores names, Duration window, StageMetrics metrics) {
    this.names = requireNonNull(names, "names");
    this.window = requireNonNull(window, "window");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.stories = context.getStateStore(names.stories());
    this.clusters = context.getStateStore(names.clusters());
    this.index = AnchorIndex.of(requireNonNull(stories, "stories")); // derived from the stories store: see AnchorIndex
  }

  @Override
  public void process(Record<String, StoryView> record) {
    ProcessorContext<String, byte[]> ctx = requireNonNull(context, "context");
    WindowStore<String, IndexedStory> placed = requireNonNull(stories, "stories");
    StoryView story = record.value();
    long at = record.timestamp();
    long from = at - window.toMillis();
    long to = Math.max(at, ctx.currentStreamTimeMs());
    AnchorIndex placedIndex = requireNonNull(index, "index");
    placedIndex.forgetBefore(ctx.currentStreamTimeMs() - window.toMillis());
    if (placedIndex.placedAt(story.storyKey(), from, to) >= 0) {
      return; // a revision of a placed story: it stays where it is
    }
    Shingles shingles = Shingles.of(story.text());
    boolean indexed = IndexedStory.indexable(shingles);
    int[] storyAnchors = indexed ? shingles.anchors() : new int[0];
    Match best = indexed ? bestMatch(shingles, storyAnchors, from, to) : null;

    Instant seen = Instant.ofEpochMilli(at);
    Cluster cluster = null;
    if (best != null) {
      KeyValue<Long, byte[]> joined = WindowStores.latest(requireNonNull(clusters, "clusters"), best.clusterId, from, to);
      cluster = joined == null ? null : Cluster.read(joined.value).with(story, seen);
    }
    if (cluster == null) {
      cluster = Cluster.of(story, seen);
    } else {
      metrics.joined(cluster.size());
    }
    placed.put(story.storyKey(), new IndexedStory(cluster.clusterId(), shingles), at);
    placedIndex.add(story.storyKey(), at, storyAnchors);
    byte[] value = cluster.toJson();
    requireNonNull(clusters, "clusters").put(cluster.clusterId(), value, Math.max(at, cluster.updatedAt().toEpochMilli()));
    // the story's CloudEvents headers describe the story, not the cluster
    ctx.forward(new Record<>(cluster.clusterId(), value, at, new RecordHeaders()));
  }

  /** The cluster a story joins, and how much of the shorter text it shares with its best match there. */
  private record Match(String clusterId, double containment) {}

  /** The verdicts on one cluster's candidates. */
  private static final class Votes {
    int compared;
    int matched;
    double bestContainment;
  }

  /**
   * The cluster to join: of the clusters whose candidates were verified, the one where most of them
   * are copies of the story (at least half), the most matches first, then the highest containment.
   */
  private @Nullable Match bestMatch(Shingles shingles, int[] storyAnchors, long from, long to) {
    AnchorIndex placedIndex = requireNonNull(index, "index");
    Map<String, AnchorIndex.Hit> hits = new HashMap<>();
    for (int anchor : storyAnchors) {
      placedIndex.collect(anchor, from, to, POSTINGS_PER_ANCHOR, hits);
    }
    if (hits.isEmpty()) {
      return null;
    }
    int minHits = storyAnchors.length >= 2 * MIN_HITS ? MIN_HITS : 1;
    List<Map.Entry<String, AnchorIndex.Hit>> ranked = new ArrayList<>(hits.entrySet());
    ranked.removeIf(e -> e.getValue().anchors < minHits);
    ranked.sort(Comparator.comparingInt((Map.Entry<String, AnchorIndex.Hit> e) -> e.getValue().anchors).reversed()
        .thenComparing(Map.Entry::getKey));
    WindowStore<String, IndexedStory> placed = requireNonNull(stories, "stories");
    Map<String, Votes> votes = new HashMap<>();
    for (Map.Entry<String, AnchorIndex.Hit> candidate : ranked.subList(0, Math.min(CANDIDATES, ranked.size()))) {
      // the index knows when it was placed: one point read, not a scan of the window
      IndexedStory other = placed.fetch(candidate.getKey(), candidate.getValue().placedAt);
      if (other == null) {
        continue;
      }
      TextMatch.Verdict verdict = TextMatch.compare(shingles, other.shingles());
      Votes v = votes.computeIfAbsent(other.clusterId(), id -> new Votes());
      v.compared++;
      if (verdict.sameStory()) {
        v.matched++;
        v.bestContainment = Math.max(v.bestContainment, verdict.containment());
      }
    }
    Match best = null;
    int bestMatched = 0;
    for (Map.Entry<String, Votes> e : votes.entrySet()) {
      Votes v = e.getValue();
      boolean majority = 2 * v.matched >= v.compared;
      if (v.matched > 0 && majority && (v.matched > bestMatched
          || v.matched == bestMatched && best != null && v.bestContainment > best.containment())) {
        best = new Match(e.getKey(), v.bestContainment);
        bestMatched = v.matched;
      }
    }
    return best;
  }
}
