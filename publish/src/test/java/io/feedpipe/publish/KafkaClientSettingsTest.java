package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import io.feedpipe.publish.KafkaClientSettings.Client;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** #19: the client settings every Kafka client of feedpipe gets. */
class KafkaClientSettingsTest {
  private static final SettingValues LOCAL =
      SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, "k1:9093");

  @Test
  void commonConfigsReachEveryClientUnderItsOwnMapAndFeedpipesFixedOnes() {
    KafkaClientSettings s = KafkaClientSettings.from(LOCAL
        .with(KafkaClientSettings.COMMON, Map.of("security.protocol", "SASL_SSL", "client.dns.lookup", "use_all_dns_ips",
            "request.timeout.ms", "20000"))
        .with(KafkaClientSettings.PRODUCER, Map.of("linger.ms", "20"))
        .with(KafkaClientSettings.ADMIN, Map.of("request.timeout.ms", "15000"))
        .with(KafkaClientSettings.CONSUMER, Map.of("fetch.max.bytes", "1048576")));

    for (Client client : Client.values()) {
      assertThat(s.config(client, Map.of(), Map.of()))
          .containsEntry("security.protocol", "SASL_SSL").containsEntry("client.dns.lookup", "use_all_dns_ips")
          .containsEntry("bootstrap.servers", "k1:9093");
    }
    assertThat(s.config(Client.PRODUCER, Map.of("linger.ms", "5", "compression.type", "lz4"), Map.of("acks", "all")))
        .containsEntry("linger.ms", "20").containsEntry("compression.type", "lz4").containsEntry("acks", "all")
        .containsEntry("request.timeout.ms", "20000");
    assertThat(s.config(Client.ADMIN, Map.of(), Map.of())).containsEntry("request.timeout.ms", "15000");
    assertThat(s.config(Client.CONSUMER, Map.of(), Map.of("isolation.level", "read_committed")))
        .containsEntry("fetch.max.bytes", "1048576").containsEntry("isolation.level", "read_committed")
        .doesNotContainKey("linger.ms");
  }

  @Test
  void aMisspeltOrClientSpecificCommonConfigIsRefusedNamingIt() {
    assertThatThrownBy(() -> KafkaClientSettings.from(LOCAL.with(KafkaClientSettings.COMMON,
            Map.of("sasl.mechansim", "PLAIN", "linger.ms", "5"))))
        .hasMessageContaining("kafka.common.sasl.mechansim is not a config every Kafka client knows")
        .hasMessageContaining("kafka.common.linger.ms is not a config every Kafka client knows");
  }

  @Test
  void configsFeedpipesGuaranteesDependOnAreRefusedInEveryMap() {
    assertThatThrownBy(() -> KafkaClientSettings.from(LOCAL
            .with(KafkaClientSettings.COMMON, Map.of("bootstrap.servers", "elsewhere:9092"))
            .with(KafkaClientSettings.CONSUMER, Map.of("isolation.level", "read_uncommitted"))
            .with(KafkaClientSettings.PRODUCER, Map.of("acks", "1"))))
        .hasMessageContaining("kafka.common.bootstrap.servers cannot be set: feedpipe sets it from kafka.bootstrapServers")
        .hasMessageContaining("kafka.consumer.isolation.level cannot be overridden")
        .hasMessageContaining("kafka.producer.acks cannot be overridden: feedpipe sets it for exactly-once publishing");
  }

  @Test
  void kafkasOwnConfigProvidersMayBeDeclared() {
    KafkaClientSettings s = KafkaClientSettings.from(LOCAL.with(KafkaClientSettings.COMMON, Map.of(
        "config.providers", "dir",
        "config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider")));

    assertThat(s.config(Client.ADMIN, Map.of(), Map.of())).containsEntry("config.providers", "dir");
  }

  @Test
  void toStringMasksSecretValues() {
    KafkaClientSettings s = KafkaClientSettings.from(LOCAL.with(KafkaClientSettings.COMMON, Map.of(
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"hunter2\";",
        "ssl.truststore.password", "hunter3", "security.protocol", "SASL_SSL")));

    assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("security.protocol=SASL_SSL");
  }
}
