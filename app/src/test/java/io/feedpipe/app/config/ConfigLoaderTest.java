package io.feedpipe.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.config.Setting;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    ResolvedSettings s = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(s.find(Catalogue.KAFKA_BOOTSTRAP)).isEmpty();
    assertThat(s.get(Catalogue.KAFKA_EMBEDDED_PORT)).isEqualTo(9092);
    assertThat(s.get(ScheduleSettings.DEFAULT_INTERVAL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.get(FetchSettings.MAX_BODY_BYTES)).isEqualTo(10L * 1024 * 1024);
    assertThat(s.get(FetchSettings.ALLOWED_ADDRESSES)).isEmpty();
    assertThat(s.source(OpsServerSettings.PORT)).isEqualTo("default");
  }

  @Test
  void fileThenEnvironmentThenFlagsTakePrecedence() throws IOException {
    Path file = write("""
        http:
          port: 9000
        kafka.transactionalId: from-file
        topics:
          prefix: news
        fetch:
          allowedAddresses: [127.0.0.1/32, 10.0.0.0/8]
        """);
    ResolvedSettings s = ConfigLoader.load(Optional.of(file),
        Map.of("FEEDPIPE_HTTP_PORT", "9001", "FEEDPIPE_TOPICS_PREFIX", "envnews"),
        Map.of("http.port", "9002"));
    assertThat(s.get(OpsServerSettings.PORT)).isEqualTo(9002);
    assertThat(s.get(PublishSettings.TOPIC_PREFIX)).isEqualTo("envnews");
    assertThat(s.get(PublishSettings.TRANSACTIONAL_ID)).isEqualTo("from-file");
    assertThat(s.get(FetchSettings.ALLOWED_ADDRESSES)).containsExactly("127.0.0.1/32", "10.0.0.0/8");
    assertThat(s.source(PublishSettings.TOPIC_PREFIX)).isEqualTo("environment variable FEEDPIPE_TOPICS_PREFIX");
  }

  @Test
  void kafkaBootstrapServersEnvironmentVariableIsHonoured() {
    ResolvedSettings s = ConfigLoader.load(Optional.empty(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of());
    assertThat(s.find(Catalogue.KAFKA_BOOTSTRAP)).contains("kafka:9092");
  }

  @Test
  void everyBadValueIsReportedByKeyInOnePass() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(),
            Map.of("FEEDPIPE_HTTP_PORT", "70000", "FEEDPIPE_FETCH_MAX_BODY_BYTES", "lots"),
            Map.of("schedule.defaultInterval", "-5s")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "Invalid value '70000' for http.port (from environment variable FEEDPIPE_HTTP_PORT): must be between 0 and 65535 (0 picks a free port)",
            "Invalid value 'lots' for fetch.maxBodyBytes (from environment variable FEEDPIPE_FETCH_MAX_BODY_BYTES): must be a size such as 10MB, 512KB or 1048576",
            "Invalid value '-5s' for schedule.defaultInterval (from command line): must be a duration such as 30s, 10m (or 10min), 2h, 1d, 500ms or PT10M"));
  }

  @Test
  void unknownKeyInTheFileIsNamed() throws IOException {
    Path file = write("""
        http:
          prot: 9000
        """);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown setting http.prot in " + file);
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Config file " + missing + " does not exist");
  }

  @Test
  void fileProblemsAndValueProblemsAreReportedTogether() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of("FEEDPIPE_SCHEDULE_JITTER", "2"), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "Config file " + missing + " does not exist",
            "Invalid value '2' for schedule.jitter (from environment variable FEEDPIPE_SCHEDULE_JITTER): must be between 0.0 and 0.5"));
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws IOException {
    Path file = write("http:\n  port: [9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Config file " + file + ":")
        .hasMessageContaining("is not valid YAML");
  }

  @Test
  void environmentVariableNamesFollowTheKey() {
    assertThat(FetchSettings.MAX_BODY_BYTES.envVar()).isEqualTo("FEEDPIPE_FETCH_MAX_BODY_BYTES");
    assertThat(Catalogue.DATA_DIR.envVar()).isEqualTo("FEEDPIPE_DATA_DIR");
    assertThat(Catalogue.KAFKA_BOOTSTRAP.envVar()).isEqualTo("FEEDPIPE_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void durationsAndSizesAcceptTheirUsualSpellings() {
    ResolvedSettings s = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
        "fetch.callTimeout", "2min", // #18: the feeds file's grammar, `min` included, is the settings' too
        "fetch.readTimeout", "PT30S",
        "fetch.perHostMinGap", "500ms",
        "fetch.maxBodyBytes", "512KB",
        "publish.maxStoryBytes", "1048576"));
    assertThat(s.get(FetchSettings.CALL_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.get(FetchSettings.READ_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.get(FetchSettings.PER_HOST_MIN_GAP)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.get(FetchSettings.MAX_BODY_BYTES)).isEqualTo(512L * 1024);
    assertThat(s.get(PublishSettings.MAX_STORY_BYTES)).isEqualTo(1048576L);
  }

  @Test
  void everyKeyIsInTheCatalogueOnce() {
    assertThat(Catalogue.CATALOGUE.stream().map(Setting::key).distinct().count())
        .as("every key is unique").isEqualTo(Catalogue.CATALOGUE.size());
  }

  @Test
  void producerOverridesComeFromTheFileAndThoseExactlyOnceNeedsAreRefusedAtLoad() throws IOException {
    Path file = write("""
        kafka:
          producer:
            linger.ms: 5
        kafka.producer.compression.type: zstd
        """);
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).get(KafkaClientSettings.PRODUCER))
        .containsExactlyInAnyOrderEntriesOf(Map.of("linger.ms", "5", "compression.type", "zstd"));
    Path refused = write("kafka.producer.acks: 1\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(refused), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.producer.acks cannot be overridden");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("feedpipe.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test // #19: the file's bad value went unnoticed while a flag overrode it
  void aBadFileValueIsReportedEvenWhenAFlagOverridesIt() throws IOException {
    Path file = write("http.port: eighty\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of("http.port", "9000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value 'eighty' for http.port (from config file " + file
            + "; overridden by command line, but wrong all the same)");
  }

  @Test // #19
  void secretsComeFromEnvironmentAndFileReferencesAndEachEntryKnowsItsSource() throws IOException {
    Path password = Files.writeString(dir.resolve("truststore-password"), "changeit\n");
    Path file = write("""
        kafka.common:
          sasl.jaas.config: ScramLoginModule required username="feedpipe" password="${env:KAFKA_PASSWORD}";
          ssl.truststore.password: ${file:%s}
        kafka.transactionalId: ${env:INSTANCE}
        """.formatted(password));

    ResolvedSettings s = ConfigLoader.load(Optional.of(file), Map.of("KAFKA_PASSWORD", "s3cret", "INSTANCE", "feedpipe-7"),
        Map.of());

    assertThat(s.get(KafkaClientSettings.COMMON))
        .containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"feedpipe\" password=\"s3cret\";")
        .containsEntry("ssl.truststore.password", "changeit");
    assertThat(s.get(PublishSettings.TRANSACTIONAL_ID)).isEqualTo("feedpipe-7");
    assertThat(s.effective()).filteredOn(e -> e.key().equals("kafka.transactionalId")).singleElement()
        .extracting(ResolvedSettings.Effective::value).isEqualTo("${env:INSTANCE}");
    assertThat(s.effective()).filteredOn(e -> e.key().startsWith("kafka.common."))
        .extracting(ResolvedSettings.Effective::value)
        .containsExactly("****** (from ${env:KAFKA_PASSWORD})", "****** (from ${file:" + password + "})");
  }

  @Test // #19
  void anUnresolvableReferenceNamesTheKeyAndTheReference() throws IOException {
    Path file = write("kafka.common.sasl.jaas.config: password=\"${env:NOT_SET}\";\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .hasMessageContaining("Invalid value for kafka.common.sasl.jaas.config in " + file
            + ": ${env:NOT_SET} names an environment variable that is not set");
  }
}
