package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FeedSplitTest {

  @Test
  void everyFeedBelongsToExactlyOneTask() {
    Gen<String> ids = random -> FeedDefinition.idFor(URI.create("https://h" + random.nextInt(1000) + ".example/feed/"
        + Long.toHexString(random.nextLong())));
    Property.forAll(23L, 500, random -> new Object[] {ids.next(random), 1 + random.nextInt(16)}, c -> {
      String id = (String) c[0];
      int count = (Integer) c[1];
      int owners = 0;
      for (int i = 0; i < count; i++) {
        owners += new FeedSplit(i, count).owns(id) ? 1 : 0;
      }
      assertThat(owners).as(id + " over " + count).isEqualTo(1);
    });
  }

  @Test
  void theSplitIsPinned() {
    // the hash is Kafka's murmur2 (values from kafka-clients 4.4.0): a change of it would move feeds to other tasks
    assertThat(FeedSplit.ownerOf("feed-1", 4)).isEqualTo(3);
    assertThat(FeedSplit.ownerOf("feed-2", 4)).isEqualTo(1);
    assertThat(FeedSplit.ownerOf("example", 4)).isEqualTo(2);
    assertThat(FeedSplit.ownerOf("feed-1", 1000)).isEqualTo(expectedOwner("feed-1", 1000));
  }

  @Test
  void aThousandFeedsSpreadOverFourTasks() {
    int[] counts = new int[4];
    for (int i = 0; i < 1000; i++) {
      counts[FeedSplit.ownerOf("feed-" + i, 4)]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(200, 300));
  }

  @Test
  void aTaskOutsideTheSplitIsRefused() {
    assertThatThrownBy(() -> new FeedSplit(2, 2)).hasMessageContaining("task 2 of 2");
    assertThatThrownBy(() -> new FeedSplit(0, 0)).hasMessageContaining("task 0 of 0");
  }

  /** murmur2 as Kafka's default partitioner applies it to a record key. */
  private static int expectedOwner(String id, int count) {
    return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
        id.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % count;
  }
}
