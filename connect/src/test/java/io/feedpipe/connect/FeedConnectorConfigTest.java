package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.normalize.NormalizeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedConnectorConfigTest {

  static Map<String, String> valid() {
    Map<String, String> props = new HashMap<>(FeedSourceConnector.REQUIRED_CONVERTERS);
    props.put("kafka.bootstrapServers", "127.0.0.1:9092");
    return props;
  }

  @Test
  void theServicesKeysAndDefaultsAreTheConnectorsConfig() {
    Map<String, String> props = valid();
    props.put("schedule.defaultInterval", "2m");
    props.put("topics.prefix", "news");
    props.put("kafka.common.security.protocol", "PLAINTEXT");

    FeedConnectorConfig config = FeedConnectorConfig.from(props);

    assertThat(config.ingest().schedule().defaultInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.publish().topicPrefix()).isEqualTo("news");
    assertThat(config.publish().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.publish().kafka().toString()).contains("security.protocol");
    assertThat(config.task()).isEqualTo(FeedSplit.WHOLE);
    assertThat(FeedConnectorConfig.CONFIG_DEF.configKeys()).containsKeys("fetch.maxBodyBytes", "publish.maxStoryBytes")
        .doesNotContainKey("kafka.common.*");
  }

  @Test
  void aMissingBootstrapAddressIsNamed() {
    Map<String, String> props = valid();
    props.remove("kafka.bootstrapServers");

    assertThatThrownBy(() -> FeedConnectorConfig.from(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.bootstrapServers");
  }

  @Test
  void aBadValueIsNamedWithItsRule() {
    Map<String, String> props = valid();
    props.put("schedule.defaultInterval", "-5s");

    assertThatThrownBy(() -> FeedConnectorConfig.from(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("-5s").hasMessageContaining("schedule.defaultInterval");
  }

  @Test
  void aRuleAcrossKeysIsAConfigErrorNamingThem() {
    Map<String, String> props = valid();
    props.put("topics.replicationFactor", "1");
    props.put("topics.minInsyncReplicas", "2");

    assertThatThrownBy(() -> FeedConnectorConfig.from(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining("topics.minInsyncReplicas");
  }

  @Test
  void aTaskSplitNotMadeByTheConnectorIsRefused() {
    Map<String, String> props = valid();
    props.put(FeedConnectorConfig.TASK_INDEX, "4");
    props.put(FeedConnectorConfig.TASK_COUNT, "4");

    assertThatThrownBy(() -> FeedConnectorConfig.from(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining(FeedConnectorConfig.TASK_INDEX);
  }

  @Test
  void eachTaskGetsItsShareOfThePerHostLimits() {
    Map<String, String> props = valid();
    props.put("fetch.perHostConcurrency", "8");
    props.put("schedule.perHostConcurrency", "3");
    props.put("fetch.perHostMinGap", "200ms");
    FeedConnectorConfig whole = FeedConnectorConfig.from(props);
    props.put(FeedConnectorConfig.TASK_INDEX, "1");
    props.put(FeedConnectorConfig.TASK_COUNT, "4");

    FeedConnectorConfig task = FeedConnectorConfig.from(props);

    assertThat(whole.ingest().fetch().perHostConcurrency()).isEqualTo(8);
    assertThat(task.ingest().fetch().perHostConcurrency()).isEqualTo(2);
    assertThat(task.ingest().schedule().perHostConcurrency()).isEqualTo(1); // 3 / 4, at least 1
    assertThat(task.ingest().fetch().perHostMinGap()).isEqualTo(java.time.Duration.ofMillis(800));
  }

  @Test
  void validateReportsEachBadKeyAgainstThatKey() {
    Map<String, String> props = valid();
    props.put("fetch.maxBodyBytes", "lots");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");

    Map<String, List<String>> errors = errors(new FeedSourceConnector().validate(props).configValues());

    assertThat(errors.get("fetch.maxBodyBytes")).singleElement().asString().contains("lots");
    assertThat(errors.get("value.converter")).singleElement().asString()
        .contains("value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
    assertThat(errors.get("schedule.defaultInterval")).isEmpty();
  }

  @Test
  void validateReportsARuleAcrossKeys() {
    Map<String, String> props = valid();
    props.put("topics.replicationFactor", "1");
    props.put("topics.minInsyncReplicas", "2");

    Map<String, List<String>> errors = errors(new FeedSourceConnector().validate(props).configValues());

    assertThat(errors.get("kafka.bootstrapServers")).singleElement().asString().contains("topics.minInsyncReplicas");
  }

  @Test
  void validateAcceptsAValidConfig() {
    assertThat(new FeedSourceConnector().validate(valid()).configValues())
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
  }

  @Test
  void theConnectorRefusesToStartWithTheWorkersJsonConverter() {
    Map<String, String> props = valid();
    props.remove("header.converter");

    assertThatThrownBy(() -> new FeedSourceConnector().start(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining("header.converter");
  }

  @Test
  void composesConnectorConfigIsValid() throws Exception {
    // docker/connect/feedpipe.json: what the README's one curl sends to the worker
    Map<String, String> props = new HashMap<>();
    new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Path.of("..", "docker", "connect", "feedpipe.json").toFile())
        .properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));

    assertThat(props).containsEntry("exactly.once.support", "required")
        .containsEntry("transaction.boundary", "interval") // the cheapest that keeps each poll whole
        // every commit sends what lingers, so read_committed readers see nothing later (#23)
        .containsEntry("producer.override.linger.ms", props.get("transaction.boundary.interval.ms"));
    assertThat(new FeedSourceConnector().validate(props).configValues())
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
  }

  @Test
  void exactlyOnceIsSupportedAndTheTaskCanDrawTheBoundaries() {
    FeedSourceConnector connector = new FeedSourceConnector();

    assertThat(connector.exactlyOnceSupport(valid())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    assertThat(connector.canDefineTransactionBoundaries(valid())).isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);
  }

  @Test
  void secretClientConfigsArePasswordKeysTheWorkerShowsHiddenAndTheClientsStillGet() {
    Map<String, String> props = valid();
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret-jaas\";";
    props.put("kafka.common.sasl.jaas.config", jaas);
    props.put("kafka.producer.ssl.key.password", "s3cret-key");
    props.put("kafka.common.security.protocol", "SASL_PLAINTEXT");

    assertThat(FeedConnectorConfig.CONFIG_DEF.configKeys()).allSatisfy((name, key) -> {
      boolean secret = name.endsWith(".password") || name.endsWith(".jaas.config") || name.endsWith(".client.secret")
          || name.endsWith(".keystore.key");
      if (secret) {
        assertThat(key.type).as(name).isEqualTo(ConfigDef.Type.PASSWORD);
      }
    }).containsKeys("kafka.common.sasl.jaas.config", "kafka.common.ssl.truststore.password",
        "kafka.producer.ssl.key.password", "kafka.admin.sasl.jaas.config", "kafka.consumer.ssl.keystore.password")
        .doesNotContainKey("kafka.common.security.protocol"); // not a secret: read by prefix only
    Map<String, ConfigValue> shown = new HashMap<>();
    new FeedSourceConnector().validate(props).configValues().forEach(v -> shown.put(v.name(), v));
    assertThat(shown.get("kafka.common.sasl.jaas.config").value()).hasToString("[hidden]");
    assertThat(shown.get("kafka.producer.ssl.key.password").value()).hasToString("[hidden]");
    assertThat(shown.values()).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

    FeedConnectorConfig config = FeedConnectorConfig.from(props);
    assertThat(config.publish().kafka().common()).containsEntry("sasl.jaas.config", jaas);
    assertThat(config.publish().kafka().producer()).containsEntry("ssl.key.password", "s3cret-key");
    assertThat(config.publish().kafka().toString()).doesNotContain("s3cret");
  }

  /** #23: the service's rules file key, with its doc, read by the connector too. */
  @Test
  void theRulesFileIsAKeyOfTheConnectorsConfig(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"),
        "rules:\n  - id: paragraph-sponsored\n    type: paragraph\n    pattern: 'Sponsored:.*'\n");
    Map<String, String> props = valid();
    props.put("normalize.rulesFile", file.toString());

    assertThat(FeedConnectorConfig.CONFIG_DEF.configKeys().get("normalize.rulesFile").documentation)
        .isEqualTo(NormalizeSettings.RULES_FILE.description());
    assertThat(FeedConnectorConfig.from(props).normalize().rulesFile()).contains(file);
    assertThat(FeedConnectorConfig.from(valid()).normalize().rulesFile()).isEmpty();
    assertThat(new FeedSourceConnector().validate(props).configValues())
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
  }

  /** #23: validate reads the rules file and reports what is wrong with it against its key. */
  @Test
  void aRulesFileThatCannotBeReadOrHoldsBadRulesIsReportedAgainstItsKey(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path broken = Files.writeString(dir.resolve("broken.yaml"),
        "rules:\n  - id: footer\n    type: paragraph\n    pattern: \"read (more\"\n");
    Map<Path, String> why = Map.of(missing, "Cannot read normalize.rulesFile " + missing, broken, "rule 'footer'");

    why.forEach((file, problem) -> {
      Map<String, String> props = valid();
      props.put("normalize.rulesFile", file.toString());

      Map<String, List<String>> errors = errors(new FeedSourceConnector().validate(props).configValues());

      assertThat(errors.get("normalize.rulesFile")).singleElement().asString()
          .contains("normalize.rulesFile").contains(problem);
      assertThatThrownBy(() -> FeedConnectorConfig.from(props)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("normalize.rulesFile").hasMessageContaining(problem);
    });
  }

  private static Map<String, List<String>> errors(List<ConfigValue> values) {
    Map<String, List<String>> errors = new HashMap<>();
    values.forEach(v -> errors.put(v.name(), v.errorMessages()));
    return errors;
  }
}
