package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import io.feedpipe.kafka.embedded.BrokerTls;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.kafka.embedded.EmbeddedKafka.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import io.feedpipe.model.Story;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * #19: a secured cluster. kafka.common.* reaches every client — the admin client that creates the
 * topics, the producer, and the consumers that restore the feed state — so publishing works over a
 * SASL (SCRAM-SHA-512) listener and over a TLS listener of a broker that has no plaintext one; and a
 * refused password stops the start at once with one message naming the setting, instead of retrying
 * until publish.startTimeout.
 */
class SecuredKafkaTest {
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"feedpipe\" password=\"%s\";";
  @TempDir static Path dir;
  static BrokerTls tls;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    tls = BrokerTls.generate(dir.resolve("tls"));
    kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), Set.of(Protocol.SASL_PLAINTEXT, Protocol.SSL),
        Map.of("feedpipe", "feedpipe-secret"), Optional.of(tls));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"SASL_PLAINTEXT", "SSL"})
  void storiesArePublishedAndTheStateRestoredOverASecuredListener(Protocol protocol) throws Exception {
    String prefix = "sec-" + protocol.name().toLowerCase(java.util.Locale.ROOT);
    PublishSettings settings = PublishSettings.from(TestSettings.values(kafka.bootstrapServers(protocol), prefix, 1,
        Duration.ofSeconds(10)).with(KafkaClientSettings.COMMON, common(protocol, "feedpipe-secret")));

    try (StoryPublisher publisher = StoryPublisher.start(settings)) {
      List<Story> stories = IntStream.range(0, 5).mapToObj(seq -> SyntheticFeeds.story(1, seq, 1, SyntheticFeeds.EPOCH))
          .toList();
      PublishReceipt receipt = publisher.publish(SyntheticFeeds.result(1, 0, stories, SyntheticFeeds.EPOCH));
      assertThat(receipt.newStories()).isEqualTo(5);
    }
    // the state-restore consumers connect with the same settings
    try (StoryPublisher again = StoryPublisher.start(settings)) {
      assertThat(again.state(SyntheticFeeds.feedId(1))).get().extracting(s -> s.seen().size()).isEqualTo(5);
    }
    assertThat(TopicReader.readCommitted(settings.kafka(), new Topics(prefix).stories())).hasSize(5);
  }

  @Test
  void aRefusedPasswordStopsTheStartAtOnceNamingTheSetting() {
    PublishSettings settings = PublishSettings.from(TestSettings.values(kafka.bootstrapServers(Protocol.SASL_PLAINTEXT),
            "sec-wrong", 1, Duration.ofSeconds(10))
        .with(KafkaClientSettings.COMMON, common(Protocol.SASL_PLAINTEXT, "not-the-password"))
        .with(PublishSettings.START_TIMEOUT, Duration.ofMinutes(10)));

    // not retried until publish.startTimeout (10 minutes here): the first refusal ends the start
    assertThatThrownBy(() -> StoryPublisher.start(settings))
        .isInstanceOf(KafkaAccessException.class)
        .hasMessageContaining("rejected feedpipe's credentials")
        .hasMessageContaining("kafka.common.sasl.jaas.config")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void aTrustStoreThatDoesNotTrustTheBrokerFailsTheHandshakeAtOnce(@TempDir Path other) {
    BrokerTls stranger = BrokerTls.generate(other);
    Map<String, String> common = new HashMap<>(common(Protocol.SSL, ""));
    common.put("ssl.truststore.location", stranger.trustStore().toString());
    common.put("ssl.truststore.password", stranger.password());
    PublishSettings settings = PublishSettings.from(TestSettings.values(kafka.bootstrapServers(Protocol.SSL),
            "sec-untrusted", 1, Duration.ofSeconds(10))
        .with(KafkaClientSettings.COMMON, common).with(PublishSettings.START_TIMEOUT, Duration.ofMinutes(10)));

    assertThatThrownBy(() -> StoryPublisher.start(settings))
        .isInstanceOf(KafkaAccessException.class)
        .hasMessageContaining("TLS handshake")
        .hasMessageContaining("kafka.common.ssl.truststore");
  }

  @Test
  void aMissingTrustStoreIsAConfigurationErrorNotAnOutage() {
    Map<String, String> common = new HashMap<>(common(Protocol.SSL, ""));
    common.put("ssl.truststore.location", dir.resolve("no-such-truststore.p12").toString());
    PublishSettings settings = PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(Protocol.SSL))
        .with(KafkaClientSettings.COMMON, common).with(PublishSettings.START_TIMEOUT, Duration.ofMinutes(10)));

    assertThatThrownBy(() -> StoryPublisher.start(settings))
        .isInstanceOf(KafkaAccessException.class)
        .hasMessageContaining("refused its configuration")
        .hasMessageContaining("no-such-truststore.p12");
  }

  private static Map<String, String> common(Protocol protocol, String password) {
    Map<String, String> common = new HashMap<>();
    common.put("security.protocol", protocol.name());
    if (protocol == Protocol.SASL_PLAINTEXT || protocol == Protocol.SASL_SSL) {
      common.put("sasl.mechanism", EmbeddedKafka.SCRAM_MECHANISM);
      common.put("sasl.jaas.config", JAAS.formatted(password));
    }
    if (protocol == Protocol.SSL || protocol == Protocol.SASL_SSL) {
      common.put("ssl.truststore.type", "PKCS12");
      common.put("ssl.truststore.location", tls.trustStore().toString());
      common.put("ssl.truststore.password", tls.password());
    }
    return common;
  }
}
