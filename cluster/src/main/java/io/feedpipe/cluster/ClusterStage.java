package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import io.feedpipe.publish.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stage: one {@link KafkaStreams} instance of the {@linkplain #topology stage's
 * topology}, exactly once ({@code exactly_once_v2}). {@code feedpipe run} starts one inside the
 * service; {@code feedpipe cluster} starts one on its own. Instances with the same {@code
 * topics.prefix} are one Kafka Streams application and share the work.
 *
 * <p>Thread-safe; the caller owns it and closes it. Kafka Streams runs its own threads. An error
 * the stage cannot handle stops it (logged, {@link #problem()} says so, {@code feedpipe.stage.up}
 * drops to 0); it does not stop the service around it.
 */
public final class ClusterStage implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterStage.class);

  /** How long {@link #start} waits for Kafka to answer about topics, and {@link #close} for the stage to stop. */
  static final long TIMEOUT_SECONDS = 30;

  private final KafkaStreams streams;
  private final Topics topics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ClusterStage(KafkaStreams streams, Topics topics) {
    this.streams = streams;
    this.topics = topics;
  }

  /**
   * The stage's topology for {@code settings} under {@code streamsConfig} ({@link
   * ClusterSettings#streamsConfig}), counting on {@code registry}: what {@link #start} runs (and
   * what topology tests drive).
   */
  public static Topology topology(ClusterSettings settings, Map<String, Object> streamsConfig, MeterRegistry registry) {
    requireNonNull(settings, "settings");
    return StageTopology.build(new TopologyConfig(new StreamsConfig(streamsConfig)), new Topics(settings.topicPrefix()),
        settings.window(), settings.dedupeWindow(), new StageMetrics(registry));
  }

  /**
   * Creates the topics the stage writes when missing ({@code <prefix>.stories.unique}; {@code
   * <prefix>.clusters}, compacted and kept for twice the window), then starts the stage and returns
   * (Kafka Streams joins its group and restores its state in the background).
   *
   * @param clientConfigs how to reach Kafka: {@code bootstrap.servers} and the configs every client
   *     gets (security); see {@link ClusterSettings#streamsConfig}
   * @param stateDir the directory of the stage's local state (RocksDB), a cache of its changelogs
   * @param registry where the stage's counters, its {@code feedpipe.stage.up} gauge and Kafka
   *     Streams' own metrics go
   * @throws IllegalStateException when {@code <prefix>.stories} does not exist (publish creates it:
   *     start {@code feedpipe run} first) or Kafka does not answer within {@value
   *     #TIMEOUT_SECONDS} s
   */
  public static ClusterStage start(
      ClusterSettings settings, Map<String, ?> clientConfigs, String stateDir, MeterRegistry registry)
      throws InterruptedException {
    requireNonNull(settings, "settings");
    requireNonNull(registry, "registry");
    Topics topics = new Topics(settings.topicPrefix());
    createTopics(settings, topics, clientConfigs);
    Map<String, Object> config = settings.streamsConfig(clientConfigs, stateDir);
    Properties props = new Properties();
    props.putAll(config);
    KafkaStreams streams = new KafkaStreams(topology(settings, config, registry), props);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("The cluster stage stopped: {} (the service goes on; restart it to run the stage again)", e.toString(), e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    ClusterStage stage = new ClusterStage(streams, topics);
    streams.setStateListener((now, before) -> {
      log.info("Cluster stage: {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stage.stopped.countDown();
      }
    });
    new KafkaStreamsMetrics(streams).bindTo(registry);
    Gauge.builder("feedpipe.stage.up", stage, s -> s.problem().isEmpty() ? 1 : 0)
        .description("1 while the cluster stage runs (or rebalances), 0 once it stopped").register(registry);
    streams.start();
    log.info("Cluster stage started: {} -> {}, {} (application.id {}, window {})", topics.stories(),
        topics.storiesUnique(), topics.clusters(), settings.applicationId(), settings.window());
    return stage;
  }

  /** Kafka Streams' state of the stage. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Why the stage does not run, when it does not: stopped after an error, or closed. Never blocks. */
  public Optional<String> problem() {
    KafkaStreams.State state = streams.state();
    return switch (state) {
      case CREATED, REBALANCING, RUNNING -> Optional.empty();
      case PENDING_ERROR, ERROR -> Optional.of("the cluster stage stopped after an error (see the log): "
          + topics.storiesUnique() + " and " + topics.clusters() + " are not written");
      case PENDING_SHUTDOWN, NOT_RUNNING -> Optional.of("the cluster stage is " + (closed.get() ? "closed" : "stopped"));
    };
  }

  /** Blocks until the stage stopped (closed, or after an error); returns its state then. */
  public KafkaStreams.State awaitStopped() throws InterruptedException {
    stopped.await();
    return streams.state();
  }

  /**
   * Stops the stage, waiting up to {@value #TIMEOUT_SECONDS} s, and leaves its group, so that the
   * instance started next (or another already running) takes the partitions over at once rather
   * than after the group's session time-out; idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      streams.close(CloseOptions.timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
          .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  private static void createTopics(ClusterSettings settings, Topics topics, Map<String, ?> clientConfigs)
      throws InterruptedException {
    Map<String, Object> adminConfig = new HashMap<>(clientConfigs);
    adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!existing.contains(topics.stories())) {
        throw new IllegalStateException("Topic " + topics.stories() + " does not exist: the stage reads the stories "
            + "`feedpipe run` publishes (it creates the topic); start it first, with the same topics.prefix");
      }
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(topics.storiesUnique())) {
        Map<String, String> configs = new HashMap<>(shape(settings));
        // the same events as the stories topic, so the same size limit
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes(admin, topics.stories()));
        missing.add(new NewTopic(topics.storiesUnique(), settings.partitions(), settings.replicationFactor())
            .configs(configs));
      }
      if (!existing.contains(topics.clusters())) {
        Map<String, String> configs = new HashMap<>(shape(settings));
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.window().toMillis() * 2));
        missing.add(new NewTopic(topics.clusters(), settings.partitions(), settings.replicationFactor())
            .configs(configs));
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance created them meanwhile: fine
          }
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create the cluster stage's topics at " + clientConfigs.get(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + (e.getCause() == null ? e : e.getCause()), e);
    }
  }

  private static Map<String, String> shape(ClusterSettings settings) {
    return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(settings.minInsyncReplicas()));
  }

  /** The stories topic's {@code max.message.bytes}, so that the unique topic takes every story event. */
  private static String maxMessageBytes(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
    ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    return entry == null || entry.value() == null ? "1048588" : entry.value();
  }
}
