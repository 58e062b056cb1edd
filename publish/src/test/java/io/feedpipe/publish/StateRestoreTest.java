package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When the positions of the last read still allow reading on from them (the rest is tested against the broker). */
class StateRestoreTest {
  private static final TopicPartition P0 = new TopicPartition("x.feed-state", 0);
  private static final TopicPartition P1 = new TopicPartition("x.feed-state", 1);

  @Test
  void positionsWithinEveryLogFit() {
    assertThat(StateRestore.fits(Map.of(P0, 5L, P1, 0L), Map.of(P0, 0L, P1, 0L), Map.of(P0, 9L, P1, 0L))).isTrue();
  }

  @Test
  void aPositionPastTheLogEndMeansTheTopicWasRecreated() {
    assertThat(StateRestore.fits(Map.of(P0, 10L), Map.of(P0, 0L), Map.of(P0, 9L))).isFalse();
  }

  @Test
  void aPositionBelowTheLogStartMeansRecordsAfterItAreGone() {
    assertThat(StateRestore.fits(Map.of(P0, 3L), Map.of(P0, 4L), Map.of(P0, 9L))).isFalse();
  }

  @Test
  void otherPartitionsMeanAFullRead() {
    assertThat(StateRestore.fits(Map.of(P0, 3L), Map.of(P0, 0L, P1, 0L), Map.of(P0, 9L, P1, 9L))).isFalse();
  }
}
