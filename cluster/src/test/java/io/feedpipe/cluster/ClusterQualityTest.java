package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.cluster.LabelledSet.LabelledStory;
import io.feedpipe.cluster.OutletCopies.Copy;
import io.feedpipe.model.Story;
import io.feedpipe.publish.StoryEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The clustering's quality on the labelled set ({@code labelled/}): every copy of every story,
 * normalized and encoded as the service would, goes through the stage's real topology in an order
 * and at times drawn from one seed, all within two days (so the window separates nothing: the text
 * must). Every pair of copies is scored: two copies of one story should share a cluster, any other
 * two should not. The round-up probe (a story quoting two others verbatim after one line of its
 * own) is a known miss, run and printed apart from the set the floors hold for. The seed is {@value #SEED}, or {@code -Dfeedpipe.quality.seed=N} to draw other
 * copies and another order.
 */
class ClusterQualityTest {
  static final long SEED = 25;

  @Test
  void pairwisePrecisionAndRecallOnTheLabelledSetMeetTheirFloors() { // #25
    long seed = Long.getLong("feedpipe.quality.seed", SEED);
    Quality q = measure(seed, false);
    System.out.println(q.report());
    // the round-up probe: a known miss, measured and shown, not held to the floors (see the README)
    System.out.println(measure(seed, true).report());

    assertThat(q.positivePairs + q.hardNegativePairs).as("labelled pairs").isGreaterThanOrEqualTo(200);
    assertThat(q.precision()).as("pairwise precision\n" + q.report()).isGreaterThanOrEqualTo(0.99);
    assertThat(q.recall()).as("pairwise recall\n" + q.report()).isGreaterThanOrEqualTo(0.95);
  }

  /** The figures of one run. */
  static final class Quality {
    String name;
    long seed;
    int copies;
    int stories;
    int clusters;
    long positivePairs;
    long hardNegativePairs;
    long otherPairs;
    long truePositives;
    long falsePositives;
    long hardFalsePositives;
    final List<String> misses = new ArrayList<>();
    final List<String> wrongJoins = new ArrayList<>();

    double precision() {
      return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
    }

    double recall() {
      return positivePairs == 0 ? 1 : (double) truePositives / positivePairs;
    }

    String report() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "%s, seed %d: %d stories, %d copies, %d clusters formed%n"
              + "pairs: %d same story, %d hard negatives (same event), %d others%n"
              + "pairwise precision %.4f (%d wrong pairs, %d of them hard negatives), recall %.4f (%d of %d)%n",
          name, seed, stories, copies, clusters, positivePairs, hardNegativePairs, otherPairs, precision(), falsePositives,
          hardFalsePositives, recall(), truePositives, positivePairs));
      misses.stream().limit(20).forEach(m -> sb.append("  missed: ").append(m).append('\n'));
      wrongJoins.stream().limit(20).forEach(m -> sb.append("  wrongly joined: ").append(m).append('\n'));
      return sb.toString();
    }
  }

  /** One copy as it went through the stage. */
  private record Doc(LabelledStory story, Copy copy, String storyId) {}

  /** One run over the labelled set; round-ups ({@code kind: roundup}) only when {@code withRoundUps}. */
  static Quality measure(long seed, boolean withRoundUps) {
    List<LabelledStory> stories = LabelledSet.stories().stream()
        .filter(s -> withRoundUps || !s.kind().equals("roundup")).toList();
    List<String> headlines = stories.stream().map(s -> s.headlines().get(0)).toList();
    List<Doc> docs = new ArrayList<>();
    for (LabelledStory story : stories) {
      Random random = new Random(seed * 31 + story.id().hashCode());
      for (Copy copy : OutletCopies.of(story, headlines, random)) {
        Story normalized = TestEvents.story(copy);
        docs.add(new Doc(story, copy, normalized.id()));
      }
    }
    Collections.shuffle(docs, new Random(seed));
    Map<String, String> clusterOf = new HashMap<>();
    try (StageDriver stage = new StageDriver()) {
      Duration step = Duration.ofHours(48).dividedBy(docs.size());
      for (int i = 0; i < docs.size(); i++) {
        stage.pipe(StoryEvents.encode(TestEvents.story(docs.get(i).copy()), 1), StageDriver.START.plus(step.multipliedBy(i)));
      }
      for (Cluster c : StageDriver.latest(stage.clusterRecords()).values()) {
        c.members().forEach(m -> clusterOf.put(m.id(), c.clusterId()));
      }
    }
    Quality q = new Quality();
    q.seed = seed;
    q.name = withRoundUps ? "labelled set with the round-up probe" : "labelled set";
    q.stories = stories.size();
    q.copies = docs.size();
    q.clusters = (int) clusterOf.values().stream().distinct().count();
    for (int i = 0; i < docs.size(); i++) {
      for (int j = i + 1; j < docs.size(); j++) {
        Doc a = docs.get(i);
        Doc b = docs.get(j);
        boolean same = a.story().id().equals(b.story().id());
        boolean together = clusterOf.get(a.storyId()).equals(clusterOf.get(b.storyId()));
        boolean hard = !same && sharesAnEvent(a.story(), b.story());
        if (same) {
          q.positivePairs++;
        } else if (hard) {
          q.hardNegativePairs++;
        } else {
          q.otherPairs++;
        }
        if (same && together) {
          q.truePositives++;
        } else if (same) {
          q.misses.add(a.story().id() + ": " + describe(a) + " / " + describe(b));
        } else if (together) {
          q.falsePositives++;
          q.hardFalsePositives += hard ? 1 : 0;
          q.wrongJoins.add(a.story().id() + " " + describe(a) + " with " + b.story().id() + " " + describe(b));
        }
      }
    }
    return q;
  }

  /** Whether two stories report a common event (a round-up reports several, comma-separated). */
  private static boolean sharesAnEvent(LabelledStory a, LabelledStory b) {
    return List.of(a.event().split(",\\s*")).stream().anyMatch(List.of(b.event().split(",\\s*"))::contains);
  }

  private static String describe(Doc d) {
    return d.copy().outlet().host() + " (" + d.copy().outlet().cut() + ", " + d.copy().outlet().markup() + ")";
  }
}
