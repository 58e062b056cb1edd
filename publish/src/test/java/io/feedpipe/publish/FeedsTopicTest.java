package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.FeedDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedsTopicTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger instances = new AtomicInteger();

  private final String prefix = "ft" + instances.incrementAndGet();
  private final PublishSettings settings = TestSettings.settings(kafka.bootstrapServers(), prefix, 2, Duration.ofSeconds(5));
  private final FeedDefinition a = FeedDefinition.of(URI.create("https://a.example/rss"));
  private final FeedDefinition b = FeedDefinition.of(URI.create("https://b.example/rss"));

  @Test
  void aReaderSeesTheTopicAndThenOnlyWhatWasWrittenSince() throws Exception {
    FeedsTopic.write(settings, List.of(a, b), List.of());
    try (FeedsTopic.Reader reader = FeedsTopic.reader(settings)) {
      FeedsTopic.Changes first = reader.read(Duration.ofSeconds(30));
      assertThat(first.applyTo(Map.of())).containsOnlyKeys(a.id(), b.id());

      FeedDefinition renamed = new FeedDefinition(a.id(), a.url(), Optional.of("A"), List.of(), Optional.empty(), Map.of());
      FeedsTopic.write(settings, List.of(renamed), List.of(b.id()));
      FeedsTopic.Changes next = reader.read(Duration.ofSeconds(30));

      assertThat(next.changes()).extracting(FeedsTopic.Change::feedId).containsExactlyInAnyOrder(a.id(), b.id());
      assertThat(next.applyTo(first.applyTo(Map.of()))).containsOnly(Map.entry(a.id(), renamed));
      assertThat(reader.read(Duration.ofSeconds(30)).changes()).isEmpty();
    }
  }

  @Test
  void theTopicIsCreatedCompactedAndAMissingOneReadsAsEmpty() throws Exception {
    try (FeedsTopic.Reader reader = FeedsTopic.reader(settings)) {
      assertThat(reader.read(Duration.ofSeconds(30)).changes()).isEmpty();
    }
    FeedsTopic.write(settings, List.of(a), List.of());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".feeds")))
          .all().get().values().iterator().next();
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("delete.retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    }
  }

  @Test
  void oneDefinitionWithASecretWritesNothingOfTheChange() throws Exception {
    FeedDefinition secret = FeedDefinition.of(URI.create("https://alice:pw@c.example/rss"));

    assertThatThrownBy(() -> FeedsTopic.write(settings, List.of(a, secret), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(secret.id());

    try (FeedsTopic.Reader reader = FeedsTopic.reader(settings)) {
      assertThat(reader.read(Duration.ofSeconds(30)).changes()).isEmpty();
    }
  }

  @Test
  void aRecordThatIsNoDefinitionIsReportedAndSkipped() throws Exception {
    FeedsTopic.write(settings, List.of(a), List.of());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
        Map.of("bootstrap.servers", kafka.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(prefix + ".feeds", "x", "{oops".getBytes())).get();
    }
    try (FeedsTopic.Reader reader = FeedsTopic.reader(settings)) {
      FeedsTopic.Changes changes = reader.read(Duration.ofSeconds(30));

      assertThat(changes.applyTo(Map.of())).containsOnlyKeys(a.id());
      assertThat(changes.unreadable()).singleElement().asString().contains("feed x").contains("not JSON");
    }
  }
}
