package io.feedpipe.cluster;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import io.feedpipe.publish.PublishSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How the stage runs. Each component is the setting of the same name below (the topic settings are
 * publish's: the stage writes beside publish's topics, shaped alike); build it with {@link
 * #from(SettingValues)}. Validated on construction; every problem is reported at once, each naming
 * its key.
 *
 * @param enabled {@link #ENABLED}
 * @param window {@link #WINDOW}
 * @param dedupeWindow {@link #DEDUPE_WINDOW}
 * @param streamsOverrides {@link #STREAMS_OVERRIDES}
 * @param topicPrefix {@link PublishSettings#TOPIC_PREFIX}: the stage reads {@code <prefix>.stories}
 *     and runs as the Kafka Streams application {@code <prefix>-cluster}
 * @param partitions {@link PublishSettings#PARTITIONS}, of the topics the stage creates
 * @param replicationFactor {@link PublishSettings#REPLICATION_FACTOR}, of those and of the stage's
 *     internal topics
 * @param minInsyncReplicas {@link PublishSettings#MIN_INSYNC_REPLICAS}, likewise
 */
public record ClusterSettings(
    boolean enabled,
    Duration window,
    Duration dedupeWindow,
    Map<String, String> streamsOverrides,
    String topicPrefix,
    int partitions,
    short replicationFactor,
    short minInsyncReplicas) {

  /** Streams configs the stage sets itself; {@code kafka.streams.*} cannot override them. */
  static final Set<String> PROTECTED_STREAMS_KEYS = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
  /** Prefixes under which Kafka Streams passes a config to one of its clients or its topics. */
  private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.PRODUCER_PREFIX,
      StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
      StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);

  public static final Setting<Boolean> ENABLED = Setting.of("cluster.enabled", SettingType.bool(), true,
      "Whether `run` also runs the Kafka Streams stage that writes `<prefix>.stories.unique` and `<prefix>.clusters` "
          + "(`feedpipe cluster` runs it on its own).");
  public static final Setting<Duration> WINDOW = Setting.of("cluster.window",
      SettingType.duration(Duration.ofMinutes(10), Duration.ofDays(30)), Duration.ofHours(72),
      "How far back a story looks for copies of itself on other outlets; the clustering state holds this much.");
  public static final Setting<Duration> DEDUPE_WINDOW = Setting.of("cluster.dedupeWindow",
      SettingType.duration(Duration.ofMinutes(10), Duration.ofDays(365)), Duration.ofDays(7),
      "How long a storyKey's passed contents are remembered: a copy from another feed later than this passes again.");
  public static final Setting<Map<String, String>> STREAMS_OVERRIDES = Setting.of("kafka.streams.*",
      SettingType.namedEntries("Kafka Streams configs by name").and(ClusterSettings::checkStreamsOverrides), Map.of(),
      "Extra Kafka Streams configs of the stage, e.g. `kafka.streams.num.stream.threads: 2`; "
          + "`application.id`, `bootstrap.servers` and `processing.guarantee` are refused.");

  /** How often the stage commits (Kafka Streams' own default under exactly once is 100 ms). */
  static final long COMMIT_INTERVAL_MS = 1000;

  /** Every setting the stage defines, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(ENABLED, WINDOW, DEDUPE_WINDOW, STREAMS_OVERRIDES);

  public ClusterSettings {
    streamsOverrides = Map.copyOf(streamsOverrides);
    new Checks().value(WINDOW, window).value(DEDUPE_WINDOW, dedupeWindow).value(STREAMS_OVERRIDES, streamsOverrides)
        .value(PublishSettings.TOPIC_PREFIX, topicPrefix).value(PublishSettings.PARTITIONS, partitions)
        .value(PublishSettings.REPLICATION_FACTOR, (int) replicationFactor)
        .value(PublishSettings.MIN_INSYNC_REPLICAS, (int) minInsyncReplicas)
        .rule(minInsyncReplicas <= replicationFactor, () -> "Invalid value " + minInsyncReplicas
            + " for configuration topics.minInsyncReplicas: must be 1..topics.replicationFactor (" + replicationFactor + ")")
        .throwIfAny();
  }

  /** The settings as {@code values} gives them. */
  public static ClusterSettings from(SettingValues values) {
    return new ClusterSettings(values.get(ENABLED), values.get(WINDOW), values.get(DEDUPE_WINDOW),
        values.get(STREAMS_OVERRIDES), values.get(PublishSettings.TOPIC_PREFIX), values.get(PublishSettings.PARTITIONS),
        (short) (int) values.get(PublishSettings.REPLICATION_FACTOR),
        (short) (int) values.get(PublishSettings.MIN_INSYNC_REPLICAS));
  }

  /** The Kafka Streams application id: {@code <prefix>-cluster}, shared by every instance of the stage. */
  public String applicationId() {
    return topicPrefix + "-cluster";
  }

  /**
   * The Kafka Streams configuration, lowest precedence first: the stage's defaults (internal topics
   * shaped as {@code topics.*} says, a commit every {@value #COMMIT_INTERVAL_MS} ms), {@code
   * clientConfigs} (how to reach Kafka: {@code bootstrap.servers} and any security configs every
   * client gets), {@code kafka.streams.*}, then what the stage's guarantees rest on: {@code
   * application.id}, {@code exactly_once_v2}, and the bootstrap servers of {@code clientConfigs}.
   *
   * @throws IllegalArgumentException when {@code clientConfigs} has no {@code bootstrap.servers}
   */
  public Map<String, Object> streamsConfig(Map<String, ?> clientConfigs, String stateDir) {
    Object servers = clientConfigs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (servers == null) {
      throw new IllegalArgumentException("the stage's client configs need bootstrap.servers");
    }
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
    config.put(StreamsConfig.topicPrefix("min.insync.replicas"), Short.toString(minInsyncReplicas));
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    // events are text: lz4 halves what the repartition, changelog and output topics carry
    config.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
    // a transaction a second, not ten: inside `run` at full rate, the stage's one thread spends much
    // of its turn on the cores waiting for commits; the cost is up to a second more latency per output
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    // the stage has no global stores; this only opts into Kafka Streams 5's behaviour (and out of its warning)
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    config.putAll(clientConfigs);
    config.putAll(streamsOverrides);
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    return config;
  }

  private static void checkStreamsOverrides(Map<String, String> overrides) {
    Set<String> refused = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    for (String name : overrides.keySet()) {
      if (PROTECTED_STREAMS_KEYS.contains(name)) {
        refused.add(name);
      } else if (!known(name)) {
        unknown.add(name);
      }
    }
    StringBuilder rule = new StringBuilder();
    for (String name : refused) {
      rule.append(rule.isEmpty() ? "" : "; ").append("kafka.streams.").append(name)
          .append(" cannot be overridden: the stage sets it (the application id follows topics.prefix; processing is exactly once)");
    }
    for (String name : unknown) {
      rule.append(rule.isEmpty() ? "" : "; ").append("kafka.streams.").append(name)
          .append(" is no Kafka Streams, producer, consumer or admin config (nor one of them under a Streams client prefix)");
    }
    if (!rule.isEmpty()) {
      throw new IllegalArgumentException(rule.toString());
    }
  }

  private static boolean known(String name) {
    if (StreamsConfig.configDef().names().contains(name) || ProducerConfig.configNames().contains(name)
        || ConsumerConfig.configNames().contains(name) || AdminClientConfig.configNames().contains(name)) {
      return true;
    }
    return CLIENT_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
