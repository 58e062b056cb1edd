package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
  private static final TopicPartition P0 = new TopicPartition("x.feed-state", 0);
  private static final TopicPartition P1 = new TopicPartition("x.feed-state", 1);
  private static final long S = 1_000_000_000L;

  @Test
  void aLongReadSaysHowFarItGotEveryFiveSeconds() {
    RestoreProgress progress = new RestoreProgress("x.feed-state", Map.of(P0, 0L, P1, 100L), Map.of(P0, 600L, P1, 500L), 0);
    progress.read(2_500_000);

    assertThat(progress.report(4 * S, 250, 240)).isEmpty();
    assertThat(progress.report(5 * S, 250, 240)).contains(
        "Restoring feed state from x.feed-state: 250 of at most 1,000 records (25%), 2.5 MB, 240 feeds, 5.0 s");
    assertThat(progress.report(9 * S, 500, 480)).isEmpty();
    assertThat(progress.report(10 * S, 500, 480)).hasValueSatisfying(line -> assertThat(line).contains("(50%)"));
    assertThat(progress.summary(10 * S)).isEqualTo("(2.5 MB in 10.0 s, 0.3 MB/s)");
  }

  @Test
  void anEmptyTopicIsAllRead() {
    RestoreProgress progress = new RestoreProgress("x.feed-state", Map.of(P0, 7L), Map.of(P0, 7L), 0);

    assertThat(progress.report(6 * S, 0, 0)).hasValueSatisfying(line -> assertThat(line).contains("(100%)"));
  }
}
