package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import io.feedpipe.publish.PublishSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
  @Test
  void defaultsRunTheStageWithAThreeDayWindowAsTheApplicationOfThePrefix() {
    ClusterSettings s = ClusterSettings.from(SettingValues.defaults());

    assertThat(s.enabled()).isTrue();
    assertThat(s.window()).isEqualTo(Duration.ofHours(72));
    assertThat(s.dedupeWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(s.applicationId()).isEqualTo("feedpipe-cluster");
  }

  @Test
  void theStreamsConfigLayersTheStagesDefaultsClientConfigsOverridesAndWhatExactlyOnceNeeds() {
    ClusterSettings s = ClusterSettings.from(SettingValues.defaults()
        .with(PublishSettings.TOPIC_PREFIX, "news").with(PublishSettings.REPLICATION_FACTOR, 3)
        .with(ClusterSettings.STREAMS_OVERRIDES, Map.of("num.stream.threads", "2", "replication.factor", "2")));
    Map<String, Object> config = s.streamsConfig(Map.of("bootstrap.servers", "k:9092", "security.protocol", "SSL",
        "application.id", "sneaky"), "/var/lib/feedpipe/streams");

    assertThat(config).containsEntry("application.id", "news-cluster").containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("processing.guarantee", "exactly_once_v2").containsEntry("security.protocol", "SSL")
        .containsEntry("num.stream.threads", "2").containsEntry("replication.factor", "2")
        .containsEntry("state.dir", "/var/lib/feedpipe/streams");
    assertThatThrownBy(() -> s.streamsConfig(Map.of(), "/tmp")).hasMessageContaining("bootstrap.servers");
  }

  @Test
  void theStageCommitsEverySecondUnlessKafkaStreamsCommitIntervalSaysOtherwise() { // #25
    Map<String, Object> defaults = ClusterSettings.from(SettingValues.defaults())
        .streamsConfig(Map.of("bootstrap.servers", "k:9092"), "/tmp");
    Map<String, Object> overridden = ClusterSettings.from(SettingValues.defaults()
        .with(ClusterSettings.STREAMS_OVERRIDES, Map.of("commit.interval.ms", "100")))
        .streamsConfig(Map.of("bootstrap.servers", "k:9092"), "/tmp");

    assertThat(defaults).containsEntry("commit.interval.ms", 1000L);
    assertThat(overridden).containsEntry("commit.interval.ms", "100");
  }

  @Test
  void overridesExactlyOnceDependsOnAndUnknownNamesAreRefusedNamingTheKey() {
    SettingValues values = SettingValues.defaults().with(ClusterSettings.STREAMS_OVERRIDES,
        Map.of("processing.guarantee", "at_least_once", "num.stream.thread", "2", "producer.linger.ms", "5",
            "commit.interval.ms", "50"));

    assertThatThrownBy(() -> ClusterSettings.from(values))
        .hasMessageContaining("kafka.streams.processing.guarantee cannot be overridden")
        .hasMessageContaining("kafka.streams.num.stream.thread is no Kafka Streams")
        .hasMessageNotContaining("kafka.streams.producer.linger.ms").hasMessageNotContaining("kafka.streams.commit");
  }

  @Test
  void aWindowOutsideItsRangeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ClusterSettings.from(SettingValues.defaults()
        .with(ClusterSettings.WINDOW, Duration.ofMinutes(1)))).hasMessageContaining("cluster.window");
  }
}
