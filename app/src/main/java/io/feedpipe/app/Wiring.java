package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigException;
import io.feedpipe.app.ops.FeedStatusView;
import io.feedpipe.app.ops.Health;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.cluster.ClusterStage;
import io.feedpipe.config.SettingValues;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.normalize.NormalizeSettings;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Readiness;
import io.feedpipe.publish.StoryPublisher;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.jspecify.annotations.Nullable;

/**
 * Builds each module's settings record from the resolved settings ({@code XSettings.from(values)},
 * the one path every record is read by). The records validate themselves; a rule they enforce
 * across keys (say {@code schedule.minInterval} ≤ {@code schedule.maxInterval}) surfaces here as a
 * {@link ConfigException} naming the key.
 */
final class Wiring {
  private Wiring() {}

  static PublishSettings publishSettings(SettingValues s, String bootstrapServers) {
    return build(() -> PublishSettings.from(s.with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrapServers)));
  }

  static IngestSettings ingestSettings(SettingValues s) {
    return build(() -> IngestSettings.from(s));
  }

  static LiveFeedsSettings liveFeedsSettings(SettingValues s) {
    return build(() -> LiveFeedsSettings.from(s));
  }

  static OpsServerSettings opsSettings(SettingValues s) {
    return build(() -> OpsServerSettings.from(s));
  }

  static ClusterSettings clusterSettings(SettingValues s) {
    return build(() -> ClusterSettings.from(s));
  }

  /**
   * How the cluster stage's Kafka Streams client reaches Kafka, for {@code run} and {@code
   * cluster} alike: the one place its connection configs are built. {@code kafka.common.*}
   * (security, DNS lookup, …, as every feedpipe client gets it) and {@code bootstrap.servers};
   * Kafka Streams hands them to its producer, consumers and admin client. {@code kafka.streams.*}
   * and what exactly-once needs are layered on top by {@link ClusterSettings#streamsConfig}; the
   * service's own {@code kafka.producer.*}/{@code kafka.consumer.*} are not the stage's.
   */
  static Map<String, Object> streamsClientConfigs(SettingValues s, String bootstrapServers) {
    KafkaClientSettings clients =
        build(() -> KafkaClientSettings.from(s.with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrapServers)));
    Map<String, Object> configs = new java.util.HashMap<>(clients.common());
    configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
    return Map.copyOf(configs);
  }

  /** Where the cluster stage keeps its local state (a cache of its changelog topics): {@code <dataDir>/streams}. */
  static String streamsStateDir(SettingValues s) {
    return Path.of(s.get(Catalogue.DATA_DIR)).resolve("streams").toString();
  }

  /** The bundled rules, extended by {@code normalize.rulesFile} when set ({@link NormalizeSettings}). */
  static Normalizer normalizer(SettingValues s) {
    try {
      return NormalizeSettings.from(s).normalizer();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
  }

  /**
   * Ready when the publisher can commit and the cluster stage, when it runs, has not stopped; its
   * start (joining its group, restoring its state) does not hold readiness back.
   */
  static Health health(@Nullable StoryPublisher publisher, @Nullable ClusterStage stage) {
    Health publishing = health(publisher);
    Optional<String> stopped = stage == null ? Optional.empty() : stage.problem();
    if (stopped.isEmpty()) {
      return publishing;
    }
    Map<String, String> reasons = new java.util.HashMap<>(publishing.reasons());
    reasons.put("cluster", stopped.get());
    return Health.down(reasons);
  }

  /** Ready when the publisher (started only after restoring feed state) can commit. */
  static Health health(@Nullable StoryPublisher publisher) {
    if (publisher == null) {
      return new Health(false, Map.of("kafka", "starting: connecting to Kafka and restoring the feed state"));
    }
    Readiness r = publisher.readiness();
    return r.ready() ? Health.up() : new Health(false, Map.of("kafka", r.reason()));
  }

  /**
   * The state of every configured feed: as restored or last committed (moved to the configured URL
   * when the feeds file changed it), else that of a feed never polled.
   */
  static List<FeedState> statesOf(List<FeedDefinition> feeds, @Nullable StoryPublisher publisher) {
    return feeds.stream()
        .map(f -> Optional.ofNullable(publisher).flatMap(p -> p.state(f.id())).map(s -> s.configuredAs(f))
            .orElseGet(() -> FeedState.initial(f.id(), f.url())))
        .toList();
  }

  static List<FeedStatusView> feedViews(List<FeedState> states, Collection<FeedStatus> lastStatuses) {
    Map<String, FeedStatus> statusById = lastStatuses.stream()
        .collect(Collectors.toMap(FeedStatus::feedId, Function.identity(), (a, b) -> b));
    return states.stream()
        .map(state -> FeedStatusView.of(state, Optional.ofNullable(statusById.get(state.feedId()))))
        .toList();
  }

  private static <T> T build(Supplier<T> settings) {
    try {
      return settings.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
  }
}
