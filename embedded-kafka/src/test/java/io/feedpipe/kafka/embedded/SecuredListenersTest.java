package io.feedpipe.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.kafka.embedded.EmbeddedKafka.Protocol;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** One broker with a listener per secured protocol: each lets the right client in, and SASL refuses a wrong password. */
class SecuredListenersTest {
  @TempDir static Path dir;
  static BrokerTls tls;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    tls = BrokerTls.generate(dir.resolve("tls"));
    kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"),
        Set.of(Protocol.SASL_PLAINTEXT, Protocol.SSL, Protocol.SASL_SSL), Map.of("feedpipe", "feedpipe-secret"),
        Optional.of(tls));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"SASL_PLAINTEXT", "SSL", "SASL_SSL"})
  void aClientWithTheRightSettingsCreatesATopic(Protocol protocol) throws Exception {
    try (Admin admin = Admin.create(client(protocol, "feedpipe-secret"))) {
      // a created topic proves the client got in (a new topic's metadata may take a moment to list)
      admin.createTopics(List.of(new NewTopic("t-" + protocol.name().toLowerCase(), 1, (short) 1))).all().get();
      assertThat(admin.describeCluster().nodes().get()).singleElement()
          .satisfies(node -> assertThat(node.port()).isEqualTo(
              Integer.parseInt(kafka.bootstrapServers(protocol).substring("127.0.0.1:".length()))));
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    try (Admin admin = Admin.create(client(Protocol.SASL_SSL, "wrong"))) {
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void thereIsNoPlaintextListener() {
    assertThatThrownBy(() -> kafka.bootstrapServers(Protocol.PLAINTEXT)).hasMessageContaining("no PLAINTEXT listener");
  }

  private static Map<String, Object> client(Protocol protocol, String password) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers(protocol));
    config.put("security.protocol", protocol.name());
    if (protocol == Protocol.SASL_PLAINTEXT || protocol == Protocol.SASL_SSL) {
      config.put("sasl.mechanism", EmbeddedKafka.SCRAM_MECHANISM);
      config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
          + "username=\"feedpipe\" password=\"" + password + "\";");
    }
    if (protocol == Protocol.SSL || protocol == Protocol.SASL_SSL) {
      config.put("ssl.truststore.type", "PKCS12");
      config.put("ssl.truststore.location", tls.trustStore().toString());
      config.put("ssl.truststore.password", tls.password());
    }
    return config;
  }
}
