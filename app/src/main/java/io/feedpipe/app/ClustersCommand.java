package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigException;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.cluster.Cluster;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code feedpipe clusters}: the largest clusters of wire copies, read from {@code <prefix>.clusters}
 * as a {@code read_committed} consumer without a group (so it moves nobody's offsets): the latest
 * record of each cluster, up to the topic's end when the command started.
 */
@Command(name = "clusters", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show the largest clusters of one story's copies across outlets, from <prefix>.clusters: size, "
        + "outlets, first seen, agencies and the first copy's title.")
final class ClustersCommand implements Callable<Integer> {
  static final List<String> COLUMNS = List.of("SIZE", "OUTLETS", "FIRST SEEN", "AGENCIES", "TITLE", "CLUSTER");

  @Mixin ConfigFileOption configFile = new ConfigFileOption();

  @Option(names = "--top", paramLabel = "N", defaultValue = "10",
      description = "How many clusters to show, the largest first. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS). Default: the embedded broker of `run`, "
          + "127.0.0.1:<kafka.embeddedPort>.")
  Optional<String> bootstrapServers = Optional.empty();

  @Override
  public Integer call() {
    Logging.toStderr();
    if (top < 1) {
      System.err.println("feedpipe: --top must be at least 1, was " + top);
      return 2;
    }
    Map<String, String> flags = new LinkedHashMap<>();
    bootstrapServers.ifPresent(v -> flags.put(Catalogue.KAFKA_BOOTSTRAP.key(), v));
    ResolvedSettings settings = configFile.load(flags);
    String servers = settings.find(Catalogue.KAFKA_BOOTSTRAP)
        .orElse("127.0.0.1:" + settings.get(Catalogue.KAFKA_EMBEDDED_PORT));
    String topic = new Topics(settings.get(PublishSettings.TOPIC_PREFIX)).clusters();
    KafkaClientSettings clients;
    try {
      clients = KafkaClientSettings.from(settings).withBootstrapServers(servers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    Optional<List<Cluster>> clusters = read(clients, topic);
    if (clusters.isEmpty()) {
      System.err.println("feedpipe: no topic " + topic + " at " + servers + ": is the cluster stage running "
          + "(`feedpipe run` with cluster.enabled, or `feedpipe cluster`) with this topics.prefix?");
      return 1;
    }
    System.out.print(table(clusters.get(), top));
    return 0;
  }

  /**
   * The latest record of each cluster on {@code topic}, or empty when there is no such topic; read
   * with run's Kafka client settings ({@code kafka.common.*}, {@code kafka.consumer.*}).
   */
  static Optional<List<Cluster>> read(KafkaClientSettings clients, String topic) {
    Map<String, Object> config = clients.config(KafkaClientSettings.Client.CONSUMER,
        Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "feedpipe-clusters"),
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    Map<String, Cluster> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
      if (infos == null || infos.isEmpty()) {
        return Optional.empty();
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            latest.remove(record.key());
            continue;
          }
          try {
            latest.put(record.key(), Cluster.read(record.value()));
          } catch (IllegalArgumentException e) {
            System.err.println("feedpipe: skipped the record at " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + ": " + e.getMessage());
          }
        }
      }
    }
    return Optional.of(new ArrayList<>(latest.values()));
  }

  /** The {@code top} largest clusters (the latest first among equals) as an aligned text table. */
  static String table(List<Cluster> clusters, int top) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS);
    clusters.stream()
        .sorted(Comparator.comparingInt(Cluster::size).reversed().thenComparing(Cluster::updatedAt, Comparator.reverseOrder()))
        .limit(top)
        .forEach(c -> rows.add(List.of(Integer.toString(c.size()), Integer.toString(c.outlets().size()),
            c.firstSeenAt().truncatedTo(ChronoUnit.SECONDS).toString(), cut(String.join(",", c.agencies()), 20),
            cut(c.title(), 60), c.clusterId())));
    return TextTable.render(rows);
  }

  private static String cut(String text, int max) {
    return text.isEmpty() ? "-" : text.length() > max ? text.substring(0, max - 3) + "..." : text;
  }
}
