package io.feedpipe.cluster;

import io.feedpipe.config.SettingValues;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The stage's topology in Kafka Streams' {@link TopologyTestDriver}: the real processors and
 * (RocksDB) stores, records piped in and read out synchronously. Closes the driver and deletes
 * its state directory on {@link #close()}.
 */
final class StageDriver implements AutoCloseable {
  static final Instant START = Instant.parse("2026-12-06T09:00:00Z");

  final MeterRegistry registry = new SimpleMeterRegistry();
  final Topics topics;
  private final TopologyTestDriver driver;
  private final Path stateDir;
  private final TestInputTopic<byte[], byte[]> stories;
  private final TestOutputTopic<String, byte[]> unique;
  private final TestOutputTopic<String, byte[]> clusters;

  StageDriver() {
    this(SettingValues.defaults());
  }

  StageDriver(SettingValues values) {
    ClusterSettings settings = ClusterSettings.from(values.with(PublishSettings.TOPIC_PREFIX, "t"));
    topics = new Topics(settings.topicPrefix());
    try {
      stateDir = Files.createTempDirectory("feedpipe-stage-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, Object> config =
        settings.streamsConfig(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"), stateDir.toString());
    Properties props = new Properties();
    props.putAll(config);
    driver = new TopologyTestDriver(ClusterStage.topology(settings, config, registry), props, START);
    stories = driver.createInputTopic(topics.stories(), new ByteArraySerializer(), new ByteArraySerializer());
    unique = driver.createOutputTopic(topics.storiesUnique(), new StringDeserializer(), new ByteArrayDeserializer());
    clusters = driver.createOutputTopic(topics.clusters(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Pipes an event keyed by its story id at {@code at}. */
  void pipe(byte[] event, Instant at) {
    byte[] key = StoryView.read(event).id().getBytes(StandardCharsets.UTF_8);
    stories.pipeInput(new TestRecord<>(key, event, at));
  }

  /** Pipes a record as it is (for records that are not story events). */
  void pipeRaw(byte[] key, byte[] value, Instant at) {
    stories.pipeInput(new TestRecord<>(key, value, at));
  }

  /** The unique topic's records since the last call. */
  List<TestRecord<String, byte[]>> unique() {
    return unique.readRecordsToList();
  }

  /** The clusters records since the last call, each read. */
  List<Cluster> clusterRecords() {
    return clusters.readRecordsToList().stream().map(r -> Cluster.read(r.value())).toList();
  }

  /** The latest state of each cluster among {@code records}, by cluster id, in order of first appearance. */
  static Map<String, Cluster> latest(List<Cluster> records) {
    Map<String, Cluster> latest = new LinkedHashMap<>();
    records.forEach(c -> latest.put(c.clusterId(), c));
    return latest;
  }

  double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? Double.NaN : counter.count();
  }

  static Instant minutes(long m) {
    return START.plus(Duration.ofMinutes(m));
  }

  @Override
  public void close() {
    driver.close();
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
