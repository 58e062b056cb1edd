package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishSettingsTest {
  private static final SettingValues LOCAL =
      SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092");

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
    assertThatThrownBy(() -> PublishSettings.from(SettingValues.defaults()
            .with(KafkaClientSettings.BOOTSTRAP_SERVERS, "no-port").with(PublishSettings.TOPIC_PREFIX, "bad prefix!")
            .with(PublishSettings.TRANSACTIONAL_ID, " ").with(PublishSettings.PARTITIONS, 0)
            .with(PublishSettings.REPLICATION_FACTOR, 0).with(PublishSettings.MAX_BLOCK, Duration.ofMillis(10))
            .with(PublishSettings.MAX_STORY_BYTES, 10L).with(PublishSettings.SEEN_RETENTION, Duration.ZERO)
            .with(PublishSettings.MAX_SEEN_PER_FEED, 0).with(PublishSettings.START_TIMEOUT, Duration.ZERO)
            .with(PublishSettings.MAX_POLLS_PER_TRANSACTION, 0).with(PublishSettings.MAX_QUEUED_POLLS, 0)))
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
    assertThatThrownBy(() -> PublishSettings.from(LOCAL.with(KafkaClientSettings.PRODUCER,
            Map.of("enable.idempotence", "false", "linger.ms", "20"))))
        .hasMessageContaining("kafka.producer.enable.idempotence cannot be overridden")
        .hasMessageNotContaining("linger.ms cannot");
  }

  @Test
  void toStringMasksSecretProducerOverrides() {
    PublishSettings s = PublishSettings.from(LOCAL.with(KafkaClientSettings.PRODUCER, Map.of(
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";",
        "ssl.key.password", "hunter3", "linger.ms", "20")));

    assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("linger.ms=20")
        .contains("kafka.transactionalId=feedpipe-1");
  }

  @Test
  void productionLayoutNeedsMinInsyncReplicasWithinTheReplicationFactor() {
    SettingValues production = SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, "k1:9092,k2:9092")
        .with(PublishSettings.PARTITIONS, 6).with(PublishSettings.REPLICATION_FACTOR, 3)
        .with(PublishSettings.MIN_INSYNC_REPLICAS, 2);
    assertThat(PublishSettings.from(production).minInsyncReplicas()).isEqualTo((short) 2);
    assertThatThrownBy(() -> PublishSettings.from(production.with(PublishSettings.REPLICATION_FACTOR, 1)))
        .hasMessageContaining("topics.minInsyncReplicas");
  }

  @Test
  void aTransactionTimeoutNotAboveMaxBlockIsRefused() {
    assertThatThrownBy(() -> PublishSettings.from(LOCAL.with(PublishSettings.MAX_BLOCK, Duration.ofSeconds(30))
            .with(PublishSettings.TRANSACTION_TIMEOUT, Duration.ofSeconds(30))))
        .hasMessage("Invalid value PT30S for configuration kafka.transactionTimeout: must exceed kafka.maxBlock (PT30S)");
  }

  @Test
  void withoutBootstrapServersThereIsNoPublisher() {
    assertThatThrownBy(() -> PublishSettings.from(SettingValues.defaults()))
        .hasMessage("No value for configuration kafka.bootstrapServers: it has no default, so it must be set");
  }
}
