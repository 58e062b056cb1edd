package io.feedpipe.app;

import static java.util.Objects.requireNonNull;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.ops.OpsServer;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.app.ops.PipelineMetrics;
import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.cluster.ClusterStage;
import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.FeedScheduler;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.BrokerUnavailableException;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.PublisherFencedException;
import io.feedpipe.publish.StoryPublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.feedpipe.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: owns the ops HTTP server, the embedded broker (when used), the publisher,
 * the cluster stage (unless {@code cluster.enabled} is false), the ingestor and the scheduler,
 * started in that order.
 *
 * <p>Start-up order matters: the ops server comes first so that health answers while Kafka starts,
 * and the publisher restores every feed's state from Kafka before the scheduler polls anything.
 * {@link #close()} is idempotent and safe from a shutdown hook; it stops the scheduler first
 * (running polls are interrupted), so no poll publishes after the publisher is closed, then the
 * ingestor, the publisher, the cluster stage, the embedded broker and the ops server.
 */
public final class FeedpipeService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedpipeService.class);

  /** Exit code when another instance fenced this one. */
  public static final int EXIT_FENCED = 3;

  private final Optional<EmbeddedKafka> embeddedKafka;
  private final StoryPublisher publisher;
  private final Optional<ClusterStage> stage;
  private final OpsServer opsServer;
  private final PrometheusMeterRegistry registry;
  private final FeedIngestor ingestor;
  private final FeedScheduler scheduler;
  private final LiveFeeds feeds;
  private final String bootstrapServers;
  private final FeedsTopic.@Nullable Reader feedsReader;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger exitCode = new AtomicInteger();

  private FeedpipeService(Started b) {
    this.embeddedKafka = b.embeddedKafka;
    this.publisher = requireNonNull(b.publisher, "publisher");
    this.stage = Optional.ofNullable(b.stage);
    this.opsServer = requireNonNull(b.opsServer, "opsServer");
    this.registry = requireNonNull(b.registry, "registry");
    this.ingestor = requireNonNull(b.ingestor, "ingestor");
    this.scheduler = requireNonNull(b.scheduler, "scheduler");
    this.feeds = requireNonNull(b.liveFeeds, "liveFeeds");
    this.feedsReader = b.feedsReader;
    this.bootstrapServers = b.bootstrapServers;
  }

  /**
   * Starts everything and returns once the scheduler runs.
   *
   * @param feedArgs the {@code --feed} arguments (may be empty)
   */
  public static FeedpipeService start(ResolvedSettings settings, List<String> feedArgs) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    // the feeds of --feed or the feeds file; the feeds topic's come once Kafka is up (LiveFeeds)
    List<FeedDefinition> givenFeeds =
        FeedSources.given(settings, feedArgs) ? FeedSources.resolve(settings, feedArgs, problems) : List.of();
    problems.forEach(p -> log.warn("Skipped feed entry: {}", p));
    if (FeedSources.given(settings, feedArgs) && givenFeeds.isEmpty()) {
      throw new IllegalArgumentException("No feed to poll: every entry was invalid (see the warnings above)");
    }
    Started b = new Started();
    try {
      // the ops server comes first, so /health/live answers and /health/ready says why it is not
      // ready while the broker starts and the feed state is restored
      AtomicReference<@Nullable StoryPublisher> started = new AtomicReference<>();
      AtomicReference<@Nullable ClusterStage> stageStarted = new AtomicReference<>();
      AtomicReference<Supplier<List<FeedDefinition>>> feeds = new AtomicReference<>(() -> givenFeeds);
      Map<String, FeedStatus> lastStatuses = new ConcurrentHashMap<>();
      Supplier<List<FeedState>> states = () -> Wiring.statesOf(feeds.get().get(), started.get());
      PrometheusMeterRegistry registry = OpsServer.newRegistry();
      b.registry = registry;
      PipelineMetrics metrics = new PipelineMetrics(states, InstantSource.system());
      metrics.bindTo(registry);
      OpsServerSettings opsSettings = Wiring.opsSettings(settings);
      try {
        b.opsServer = OpsServer.start(opsSettings, registry,
            () -> Wiring.health(started.get(), stageStarted.get()),
            () -> Wiring.feedViews(states.get(), lastStatuses.values()));
      } catch (UncheckedIOException e) {
        throw e.getCause() instanceof BindException
            ? addressInUse(opsSettings.host() + ":" + opsSettings.port(), OpsServerSettings.PORT, e) : e;
      }

      Optional<String> configured = settings.find(Catalogue.KAFKA_BOOTSTRAP);
      if (configured.isPresent()) {
        b.bootstrapServers = configured.get();
      } else {
        Path logDir = Path.of(settings.get(Catalogue.DATA_DIR)).resolve("kafka");
        int port = settings.get(Catalogue.KAFKA_EMBEDDED_PORT);
        EmbeddedKafka kafka;
        try {
          checkFree("127.0.0.1", port);
          kafka = EmbeddedKafka.start(logDir, port);
        } catch (BindException e) {
          throw addressInUse("127.0.0.1:" + port, Catalogue.KAFKA_EMBEDDED_PORT, e);
        } catch (RuntimeException e) {
          // taken between the check and the broker's bind
          throw isBindFailure(e) ? addressInUse("127.0.0.1:" + port, Catalogue.KAFKA_EMBEDDED_PORT, e) : e;
        }
        b.embeddedKafka = Optional.of(kafka);
        b.bootstrapServers = kafka.bootstrapServers();
        log.info("Started embedded Kafka broker on {} (log dir {})", kafka.bootstrapServers(), logDir.toAbsolutePath());
      }
      PublishSettings publishSettings = Wiring.publishSettings(settings, b.bootstrapServers);
      StoryPublisher publisher = StoryPublisher.start(publishSettings);
      b.publisher = publisher;
      publisher.bindTo(registry);
      // /feeds shows the outcome of the polls made before a restart until each feed is polled again (#19)
      publisher.restoredStatuses().forEach(lastStatuses::putIfAbsent);
      started.set(publisher);
      ClusterSettings clusterSettings = Wiring.clusterSettings(settings);
      if (clusterSettings.enabled()) {
        b.stage = ClusterStage.start(clusterSettings, Wiring.streamsClientConfigs(settings, b.bootstrapServers),
            Wiring.streamsStateDir(settings), registry);
        stageStarted.set(b.stage);
      }
      b.feedsReader = FeedsTopic.reader(publishSettings);
      LiveFeeds live = LiveFeeds.open(givenFeeds, () -> FeedSources.sample(Path.of(settings.get(Catalogue.DATA_DIR))),
          b.feedsReader::read, Wiring.liveFeedsSettings(settings), publishSettings.startTimeout(), InstantSource.system());
      b.liveFeeds = live;
      feeds.set(live::current);

      IngestSettings ingestSettings = Wiring.ingestSettings(settings);
      b.ingestor = FeedIngestor.create(ingestSettings, InstantSource.system());
      b.ingestor.metrics().bindTo(registry);
      Normalizer normalizer = Wiring.normalizer(settings);
      AtomicReference<@Nullable FeedpipeService> self = new AtomicReference<>();
      FeedPipeline pipeline = new FeedPipeline(b.ingestor, normalizer, publisher, metrics, InstantSource.system(),
          ingestSettings.schedule().defaultInterval(), publisher.topics(), lastStatuses,
          fenced -> requireNonNull(self.get(), "service").fenced(fenced));
      b.scheduler = new FeedScheduler(ingestSettings.schedule(), InstantSource.system(), pipeline);
      FeedpipeService service = new FeedpipeService(b);
      self.set(service);
      b.scheduler.start(live.current(), feed -> pipeline.state(feed).flatMap(FeedState::nextDueAt));
      FeedScheduler scheduler = b.scheduler;
      FeedIngestor ingestor = b.ingestor;
      live.watch(new LiveFeeds.Target() {
        @Override
        public void put(FeedDefinition feed) {
          scheduler.put(feed);
        }

        @Override
        public void remove(String feedId) {
          scheduler.remove(feedId);
          ingestor.forget(feedId);
          lastStatuses.remove(feedId);
        }

        @Override
        public boolean hasState(String feedId) {
          return publisher.state(feedId).isPresent();
        }

        @Override
        public void forget(String feedId) throws BrokerUnavailableException, InterruptedException {
          publisher.forget(feedId);
        }
      });
      log.info("feedpipe started: {} feed(s), Kafka at {}, metrics at http://{}:{}{}",
          live.current().size(), b.bootstrapServers, opsSettings.host(), b.opsServer.port(), opsSettings.metricsPath());
      return service;
    } catch (RuntimeException | InterruptedException e) {
      b.closeAll();
      throw e;
    }
  }

  /**
   * The one line a taken port earns (#19): the address, the setting and the flag that move it. The
   * cause keeps the details, which go to the log file, not to the console.
   */
  static IllegalStateException addressInUse(String address, Setting<?> setting, Exception cause) {
    return new IllegalStateException("address in use: " + address + " is taken by another process; choose another "
        + "port with " + setting.key() + ServiceFlags.flagOf(setting.key()).map(f -> " (flag " + f + ")").orElse(""),
        cause);
  }

  /** Fails with {@link BindException} when {@code host:port} cannot be bound now (port 0 is always free). */
  private static void checkFree(String host, int port) throws BindException {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw e;
    } catch (IOException e) {
      // not a bind failure: let the broker report whatever it is
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  /** Blocks until the service stopped; returns the process exit code (0, or {@link #EXIT_FENCED}). */
  public int awaitTermination() throws InterruptedException {
    stopped.await();
    return exitCode.get();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public int httpPort() {
    return opsServer.port();
  }

  /** The feeds polled now: those of {@code --feed} or the feeds file, and those of the feeds topic. */
  public List<FeedDefinition> feeds() {
    return feeds.current();
  }

  /** The cluster stage, unless {@code cluster.enabled} is false. */
  public Optional<ClusterStage> stage() {
    return stage;
  }

  private void fenced(PublisherFencedException e) {
    log.error("Stopping: another instance with the same kafka.transactionalId took over ({}). "
        + "Give each instance its own kafka.transactionalId.", e.getMessage());
    exitCode.set(EXIT_FENCED);
    Thread.ofVirtual().name("feedpipe-stop").start(this::close);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("feedpipe stopping");
    Started b = new Started();
    b.liveFeeds = feeds;
    b.feedsReader = feedsReader;
    b.scheduler = scheduler;
    b.ingestor = ingestor;
    b.opsServer = opsServer;
    b.registry = registry;
    b.publisher = publisher;
    b.stage = stage.orElse(null);
    b.embeddedKafka = embeddedKafka;
    b.closeAll();
    log.info("feedpipe stopped");
    stopped.countDown();
  }

  /** What has been started so far, so that a failed start, and {@link #close()}, close exactly that, in order. */
  private static final class Started {
    String bootstrapServers = "";
    @Nullable LiveFeeds liveFeeds;
    FeedsTopic.@Nullable Reader feedsReader;
    Optional<EmbeddedKafka> embeddedKafka = Optional.empty();
    @Nullable StoryPublisher publisher;
    @Nullable ClusterStage stage;
    @Nullable PrometheusMeterRegistry registry;
    @Nullable OpsServer opsServer;
    @Nullable FeedIngestor ingestor;
    @Nullable FeedScheduler scheduler;

    void closeAll() {
      closeQuietly("feeds watcher", liveFeeds);
      closeQuietly("feeds topic reader", feedsReader);
      closeQuietly("scheduler", scheduler);
      closeQuietly("fetcher", ingestor);
      closeQuietly("publisher", publisher);
      closeQuietly("cluster stage", stage);
      embeddedKafka.ifPresent(k -> closeQuietly("embedded Kafka", k));
      closeQuietly("HTTP server", opsServer);
      if (registry != null) {
        registry.close(); // stops the JVM binders' listeners
      }
    }

    private static void closeQuietly(String what, @Nullable AutoCloseable c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception e) {
        log.warn("Closing the {} failed: {}", what, e.toString());
      }
    }
  }
}
