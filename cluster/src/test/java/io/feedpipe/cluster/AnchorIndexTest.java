package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-memory anchor index (#25) answers as a plain list of the placed stories would: the newest
 * postings first, within the asked time, the forgotten left out, through its compactions too.
 */
class AnchorIndexTest {
  private static final long SEED = 20261207L;

  @Test
  void collectsTheNewestPostingsWithinTheTimeAsked() {
    AnchorIndex index = new AnchorIndex();
    index.add("a", 100, new int[] {1, 2});
    index.add("b", 200, new int[] {2, 3});
    index.add("c", 300, new int[] {2});
    index.add("short", 310, new int[0]);

    Map<String, AnchorIndex.Hit> hits = new HashMap<>();
    index.collect(2, 150, 400, 32, hits);
    assertThat(hits).containsOnlyKeys("b", "c");
    assertThat(hits.get("b").placedAt).isEqualTo(200);

    Map<String, AnchorIndex.Hit> limited = new HashMap<>();
    index.collect(2, 0, 400, 2, limited);
    assertThat(limited).containsOnlyKeys("b", "c");

    assertThat(index.placedAt("short", 0, 400)).isEqualTo(310);
    assertThat(index.placedAt("a", 101, 400)).isEqualTo(-1);
    assertThat(index.placedAt("nobody", 0, 400)).isEqualTo(-1);
  }

  @Test
  void forgetsTheOldestAndStillAnswersAfterCompacting() {
    Property.forAll(SEED, 30, (Gen<Long>) Random::nextLong, caseSeed -> {
      Random random = new Random(caseSeed);
      AnchorIndex index = new AnchorIndex();
      List<Object[]> model = new ArrayList<>(); // {key, time, anchors}
      int forgotten = 0;
      long now = 0;
      for (int step = 0; step < 6000; step++) {
        now += random.nextInt(5);
        long at = now - (random.nextInt(10) == 0 ? random.nextInt(50) : 0); // some out of time order
        int[] anchors = random.ints(random.nextInt(6), 0, 40).distinct().toArray();
        String key = "k" + random.nextInt(3000);
        index.add(key, at, anchors);
        model.add(new Object[] {key, at, anchors});
        if (random.nextInt(20) == 0) {
          long cutoff = now - 400;
          index.forgetBefore(cutoff);
          while (forgotten < model.size() && (long) model.get(forgotten)[1] < cutoff) {
            forgotten++;
          }
        }
        if (random.nextInt(10) == 0) {
          int anchor = random.nextInt(40);
          long from = now - random.nextInt(600);
          int limit = 1 + random.nextInt(40);
          Map<String, AnchorIndex.Hit> hits = new HashMap<>();
          index.collect(anchor, from, now, limit, hits);
          Map<String, Integer> expected = new HashMap<>();
          int found = 0;
          for (int i = model.size() - 1; i >= forgotten && found < limit; i--) {
            Object[] story = model.get(i);
            long t = (long) story[1];
            if (t >= from && t <= now && java.util.Arrays.stream((int[]) story[2]).anyMatch(a -> a == anchor)) {
              expected.merge((String) story[0], 1, Integer::sum);
              found++;
            }
          }
          Map<String, Integer> actual = new HashMap<>();
          hits.forEach((k, hit) -> actual.put(k, hit.anchors));
          assertThat(actual).as("anchor %d from %d, limit %d, step %d", anchor, from, limit, step).isEqualTo(expected);
        }
      }
      assertThat(index.size()).isEqualTo(model.size() - forgotten);
    });
  }
}
