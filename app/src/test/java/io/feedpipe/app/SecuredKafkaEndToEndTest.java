package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedpipe.kafka.embedded.BrokerTls;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.kafka.embedded.EmbeddedKafka.Protocol;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #19, done when: against a broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS),
 * {@code feedpipe run --config secured.yaml} publishes (and its cluster stage, #25, writes the unique
 * topic) and {@code feedpipe tail --config secured.yaml} reads — each as its own process, as a user runs them. The password is not in the
 * file but in the environment ({@code ${env:…}}), and it appears in no output.
 */
class SecuredKafkaEndToEndTest {
  private static final String PASSWORD = "feedpipe-secret-2f9c";
  @TempDir static Path dir;
  static BrokerTls tls;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startASaslSslOnlyBroker() {
    tls = BrokerTls.generate(dir.resolve("tls"));
    kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), Set.of(Protocol.SASL_SSL), Map.of("feedpipe", PASSWORD),
        Optional.of(tls));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void runPublishesAndTailReadsWithTheSecuredConfig() throws Exception {
    Path feed = dir.resolve("sample-feed.xml");
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      Files.copy(in, feed);
    }
    Path config = Files.writeString(dir.resolve("secured.yaml"), """
        kafka:
          bootstrapServers: %s
          common:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
            sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="feedpipe" password="${env:FEEDPIPE_TEST_KAFKA_PASSWORD}";
            ssl.truststore.type: PKCS12
            ssl.truststore.location: %s
            ssl.truststore.password: ${file:%s}
        topics:
          partitions: 1
        http:
          host: 127.0.0.1
          port: 0
        dataDir: %s
        """.formatted(kafka.bootstrapServers(Protocol.SASL_SSL), tls.trustStore(),
        Files.writeString(dir.resolve("truststore-password"), tls.password() + "\n"), dir.resolve("data")));
    Map<String, String> env = Map.of("FEEDPIPE_TEST_KAFKA_PASSWORD", PASSWORD);
    Path logs = dir.resolve("logs");

    try (FeedpipeProcess run = FeedpipeProcess.start(logs, env, "run", "--config", config.toString(),
            "--feed", feed.toString());
        FeedpipeProcess tail = FeedpipeProcess.start(logs, env, "tail", "--config", config.toString(), "--max", "3",
            "--topic-timeout", "3m");
        // run's cluster stage (Kafka Streams) gets kafka.common.* too: #25
        FeedpipeProcess unique = FeedpipeProcess.start(logs, env, "tail", "--config", config.toString(), "--max", "3",
            "--topic", "feedpipe.stories.unique", "--topic-timeout", "3m")) {
      assertThat(tail.exitCode(Duration.ofMinutes(4))).as("tail: %s", tail.err()).isZero();
      List<String> events = tail.out().lines().toList();
      assertThat(events).hasSize(3);
      for (String line : events) {
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.get("feed").get("url").asText()).isEqualTo(feed.toUri().toString());
        assertThat(EventSchema.violations(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
      }

      assertThat(unique.exitCode(Duration.ofMinutes(4))).as("tail of the unique topic: %s", unique.err()).isZero();
      assertThat(unique.out().lines()).hasSize(3);

      run.terminate();
      assertThat(run.exitCode(Duration.ofMinutes(1))).as("run's exit code after SIGTERM: %s", run.err()).isZero();
      assertThat(run.out()).contains("feedpipe started", "feedpipe stopped").doesNotContain(PASSWORD);
      assertThat(run.err()).doesNotContain(PASSWORD);
      assertThat(tail.err()).doesNotContain(PASSWORD);
    }

    try (FeedpipeProcess effective = FeedpipeProcess.start(logs, env, "config", "--effective", "--config",
        config.toString())) {
      assertThat(effective.exitCode(Duration.ofMinutes(1))).as(effective.err()).isZero();
      assertThat(effective.out())
          .containsPattern("kafka\\.common\\.sasl\\.jaas\\.config += \\*+ \\(from \\$\\{env:FEEDPIPE_TEST_KAFKA_PASSWORD}\\)")
          .containsPattern("kafka\\.common\\.security\\.protocol += SASL_SSL +\\(config file ")
          .containsPattern("topics\\.prefix += feedpipe +\\(default\\)")
          .doesNotContain(PASSWORD).doesNotContain(tls.password());
    }
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheSettingAndNoRetryLoop() throws Exception {
    Path config = Files.writeString(dir.resolve("wrong.yaml"), """
        kafka.bootstrapServers: %s
        kafka.common.security.protocol: SASL_SSL
        kafka.common.sasl.mechanism: SCRAM-SHA-512
        kafka.common.sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="feedpipe" password="wrong";
        kafka.common.ssl.truststore.type: PKCS12
        kafka.common.ssl.truststore.location: %s
        kafka.common.ssl.truststore.password: %s
        publish.startTimeout: 10m
        http.host: 127.0.0.1
        http.port: 0
        dataDir: %s
        """.formatted(kafka.bootstrapServers(Protocol.SASL_SSL), tls.trustStore(), tls.password(), dir.resolve("data2")));

    try (FeedpipeProcess run = FeedpipeProcess.start(dir.resolve("logs"), Map.of(), "run", "--config",
        config.toString())) {
      // publish.startTimeout is 10 minutes: only a failure without retries ends within the guard
      assertThat(run.exitCode(Duration.ofMinutes(3))).isEqualTo(1);
      assertThat(run.err().lines()).singleElement().asString()
          .startsWith("feedpipe: Kafka at " + kafka.bootstrapServers(Protocol.SASL_SSL) + " rejected feedpipe's credentials")
          .contains("kafka.common.sasl.jaas.config");
      assertThat(run.out()).doesNotContain("not ready yet").doesNotContain("\tat ");
    }
  }
}
