package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishSettingsTest {
  @Test
  void defaultsSuitASingleNodeBroker() {
    PublishSettings s = PublishSettings.defaults("127.0.0.1:9092");

    assertThat(s.topicPrefix()).isEqualTo("feedpipe");
    assertThat(s.transactionalId()).isEqualTo("feedpipe-1");
    assertThat(s.replicationFactor()).isEqualTo((short) 1);
    assertThat(s.maxBlock()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void everyBadValueIsReportedAtOnceNamingItsKey() {
    assertThatThrownBy(() -> new PublishSettings("no-port", "bad prefix!", " ", 0, (short) 0, Duration.ofMillis(10),
        Map.of(), (short) 1, Duration.ofSeconds(60), 10, Duration.ZERO, 0, Duration.ZERO, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrapServers").hasMessageContaining("topics.prefix")
        .hasMessageContaining("kafka.transactionalId").hasMessageContaining("topics.partitions")
        .hasMessageContaining("topics.replicationFactor").hasMessageContaining("kafka.maxBlock")
        .hasMessageContaining("publish.maxStoryBytes").hasMessageContaining("publish.seenRetention")
        .hasMessageContaining("publish.maxSeenPerFeed").hasMessageContaining("publish.startTimeout")
        .hasMessageContaining("publish.maxPollsPerTransaction").hasMessageContaining("publish.maxQueuedPolls");
  }

  @Test
  void producerOverridesThatWouldBreakExactlyOnceAreRefused() {
    assertThatThrownBy(() -> PublishSettings.defaults("127.0.0.1:9092")
        .withProducerOverrides(Map.of("enable.idempotence", "false", "linger.ms", "20")))
        .hasMessageContaining("kafka.producer.enable.idempotence cannot be overridden")
        .hasMessageNotContaining("linger.ms");
  }

  @Test
  void toStringMasksSecretProducerOverrides() {
    PublishSettings s = PublishSettings.defaults("127.0.0.1:9092").withProducerOverrides(Map.of(
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";",
        "ssl.key.password", "hunter3", "linger.ms", "20"));

    assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("linger.ms=20")
        .contains("kafka.transactionalId=feedpipe-1");
  }

  @Test
  void productionLayoutNeedsMinInsyncReplicasWithinTheReplicationFactor() {
    assertThat(PublishSettings.defaults("k1:9092,k2:9092").withTopicLayout(6, (short) 3, (short) 2).minInsyncReplicas())
        .isEqualTo((short) 2);
    assertThatThrownBy(() -> PublishSettings.defaults("k1:9092").withTopicLayout(6, (short) 1, (short) 2))
        .hasMessageContaining("topics.minInsyncReplicas");
  }
}
