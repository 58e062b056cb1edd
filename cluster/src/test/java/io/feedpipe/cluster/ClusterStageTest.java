package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.feedpipe.config.SettingValues;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The stage as {@code feedpipe cluster} runs it: its own process's KafkaStreams against a real broker. */
class ClusterStageTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @TempDir Path stateDir;

  @Test
  void theRunningStageWritesTheUniqueAndClustersTopicsExactlyOnce() throws Exception { // #25
    ClusterSettings settings = settings("run");
    Topics topics = new Topics("run");
    createStoriesTopic(topics);
    LabelledSet.LabelledStory story = StageTopologyTest.story("cyclone-warning");
    List<byte[]> events = List.of(
        TestEvents.event(StageTopologyTest.copy(story, "latestly.example", 0)),
        TestEvents.event(StageTopologyTest.copy(story, "primetimes.example", 1)),
        TestEvents.event(StageTopologyTest.copy(story, "eveningexpress.example", 2)),
        // one site's two feeds carrying one page
        TestEvents.event("https://example.org/india.xml", "https://example.org/a1", "Talks resume", PARAGRAPHS, 1),
        TestEvents.event("https://example.org/world.xml", "https://example.org/a1", "Talks resume", PARAGRAPHS, 1));
    produce(topics.stories(), events);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClusterStage stage = ClusterStage.start(settings, Map.of("bootstrap.servers", kafka.bootstrapServers()),
        stateDir.toString(), registry)) {
      List<ConsumerRecord<byte[], byte[]>> unique = awaitCommitted(topics.storiesUnique(), 4);
      List<ConsumerRecord<byte[], byte[]>> clusters = awaitCommitted(topics.clusters(), 4);

      assertThat(unique).hasSize(4);
      assertThat(unique).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
          .isEqualTo(StoryView.read(r.value()).storyKey()));
      assertThat(clusters).hasSize(4);
      Cluster wire = clusters.stream().map(r -> Cluster.read(r.value())).filter(c -> c.size() == 3).findFirst().orElseThrow();
      assertThat(wire.outlets()).containsExactlyInAnyOrder("latestly.example", "primetimes.example", "eveningexpress.example");
      assertThat(stage.problem()).isEmpty();
      assertThat(registry.get("feedpipe.stage.up").gauge().value()).isEqualTo(1.0);
      assertThat(registry.get("feedpipe.unique.stories").tag("result", "duplicate").counter().count()).isEqualTo(1);
      assertThat(registry.getMeters()).as("Kafka Streams' own metrics").anyMatch(m -> m.getId().getName().startsWith("kafka.stream"));
    }
  }

  @Test
  void aStageRestartedWithoutItsLocalStateFindsTheCopiesItPlacedBefore() throws Exception { // #25
    // the anchor postings have no changelog: they are rebuilt from the placed stories at start
    ClusterSettings settings = settings("restart");
    Topics topics = new Topics("restart");
    createStoriesTopic(topics);
    LabelledSet.LabelledStory story = StageTopologyTest.story("cyclone-warning");
    produce(topics.stories(), List.of(TestEvents.event(StageTopologyTest.copy(story, "latestly.example", 0))));
    try (ClusterStage stage = ClusterStage.start(settings, Map.of("bootstrap.servers", kafka.bootstrapServers()),
        stateDir.resolve("first").toString(), new SimpleMeterRegistry())) {
      awaitCommitted(topics.clusters(), 1);
    }

    produce(topics.stories(), List.of(TestEvents.event(StageTopologyTest.copy(story, "primetimes.example", 1))));
    try (ClusterStage stage = ClusterStage.start(settings, Map.of("bootstrap.servers", kafka.bootstrapServers()),
        stateDir.resolve("second").toString(), new SimpleMeterRegistry())) {
      List<Cluster> clusters = awaitCommitted(topics.clusters(), 2).stream().map(r -> Cluster.read(r.value())).toList();

      assertThat(clusters).hasSize(2);
      assertThat(clusters.get(1).clusterId()).isEqualTo(clusters.get(0).clusterId());
      assertThat(clusters.get(1).outlets()).containsExactlyInAnyOrder("latestly.example", "primetimes.example");
    }
  }

  @Test
  void aStageStartedBeforeAnyStoryWasPublishedSaysToStartTheServiceFirst() {
    assertThatThrownBy(() -> ClusterStage.start(settings("early"), Map.of("bootstrap.servers", kafka.bootstrapServers()),
        stateDir.toString(), new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("early.stories does not exist").hasMessageContaining("feedpipe run");
  }

  @Test
  void aClosedStageSaysSo() throws Exception {
    Topics topics = new Topics("closing");
    createStoriesTopic(topics);
    ClusterStage stage = ClusterStage.start(settings("closing"), Map.of("bootstrap.servers", kafka.bootstrapServers()),
        stateDir.toString(), new SimpleMeterRegistry());
    await().atMost(Duration.ofSeconds(60)).until(() -> stage.state() == KafkaStreams.State.RUNNING);
    stage.close();
    stage.close();

    assertThat(stage.problem()).contains("the cluster stage is closed");
  }

  private static final String PARAGRAPHS = "<p>Negotiators from both sides resumed talks in Doha on Tuesday after a "
      + "two-week pause, mediators said, with a ceasefire proposal on the table.</p>";

  private static ClusterSettings settings(String prefix) {
    return ClusterSettings.from(SettingValues.defaults().with(PublishSettings.TOPIC_PREFIX, prefix)
        .with(PublishSettings.PARTITIONS, 2));
  }

  private static void createStoriesTopic(Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.stories(), 2, (short) 1))).all().get();
    }
  }

  private static void produce(String topic, List<byte[]> events) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] event : events) {
        producer.send(new ProducerRecord<>(topic, StoryView.read(event).id().getBytes(StandardCharsets.UTF_8), event));
      }
    }
  }

  /** Reads a topic as a read_committed consumer until {@code expected} records arrived, then to its end. */
  static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> consumer.listTopics().containsKey(topic));
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= expected;
      });
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    return records;
  }
}
