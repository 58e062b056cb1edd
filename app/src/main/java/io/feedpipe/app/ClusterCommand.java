package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.ops.Health;
import io.feedpipe.app.ops.OpsServer;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.cluster.ClusterStage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code feedpipe cluster}: the cluster stage as its own process, until SIGTERM (or Ctrl-C). The
 * same topology {@code run} starts; instances with the same {@code topics.prefix} share the work.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the cluster stage on its own (Kafka Streams, exactly once): read <prefix>.stories, write "
        + "<prefix>.stories.unique (one event per storyKey) and <prefix>.clusters (wire copies across outlets). "
        + "`run` starts the same stage unless cluster.enabled is false; instances with one topics.prefix share the work. "
        + "Serves metrics and health on http.port like `run`.")
final class ClusterCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ClusterCommand.class);

  @Mixin ConfigFileOption configFile = new ConfigFileOption();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS). Default: the embedded broker of `run`, "
          + "127.0.0.1:<kafka.embeddedPort>.")
  Optional<String> bootstrapServers = Optional.empty();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory of the stage's local state (<dir>/streams). Default: ${sys:feedpipe.default.dataDir}.")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--http-port", paramLabel = "N",
      description = "Port of the metrics/health HTTP server. Default: ${sys:feedpipe.default.http.port}.")
  Optional<Integer> httpPort = Optional.empty();

  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Log format on stdout. Default: ${sys:feedpipe.default.log.format}.")
  Optional<String> logFormat = Optional.empty();

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    bootstrapServers.ifPresent(v -> flags.put(Catalogue.KAFKA_BOOTSTRAP.key(), v));
    dataDir.ifPresent(v -> flags.put(Catalogue.DATA_DIR.key(), v.toString()));
    httpPort.ifPresent(v -> flags.put(OpsServerSettings.PORT.key(), v.toString()));
    logFormat.ifPresent(v -> flags.put(Catalogue.LOG_FORMAT.key(), v));
    ResolvedSettings settings = configFile.load(flags);
    Logging.configure(settings);
    String servers = settings.find(Catalogue.KAFKA_BOOTSTRAP)
        .orElse("127.0.0.1:" + settings.get(Catalogue.KAFKA_EMBEDDED_PORT));

    PrometheusMeterRegistry registry = OpsServer.newRegistry();
    OpsServerSettings opsSettings = Wiring.opsSettings(settings);
    AtomicReference<@Nullable ClusterStage> started = new AtomicReference<>();
    // the HTTP port first, as `run` does: a taken port is one line, before anything reaches Kafka
    try (OpsServer ops = startOps(opsSettings, registry, started);
        ClusterStage stage = ClusterStage.start(Wiring.clusterSettings(settings),
            Wiring.streamsClientConfigs(settings, servers), Wiring.streamsStateDir(settings), registry)) {
      started.set(stage);
      log.info("feedpipe cluster started: Kafka at {}, metrics at http://{}:{}{}", servers, opsSettings.host(),
          ops.port(), opsSettings.metricsPath());
      Thread hook = new Thread(stage::close, "feedpipe-cluster-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      KafkaStreams.State end = stage.awaitStopped();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // SIGTERM: the hook closed the stage
      }
      return end == KafkaStreams.State.ERROR ? 1 : 0;
    } finally {
      registry.close(); // stops the JVM binders' listeners
    }
  }

  private static OpsServer startOps(OpsServerSettings opsSettings, PrometheusMeterRegistry registry,
      AtomicReference<@Nullable ClusterStage> stage) {
    try {
      return OpsServer.start(opsSettings, registry, () -> {
        ClusterStage s = stage.get();
        if (s == null) {
          return Health.down(Map.of("cluster", "starting"));
        }
        return s.problem().map(p -> Health.down(Map.of("cluster", p))).orElse(Health.up());
      }, List::of);
    } catch (UncheckedIOException e) {
      throw e.getCause() instanceof BindException
          ? FeedpipeService.addressInUse(opsSettings.host() + ":" + opsSettings.port(), OpsServerSettings.PORT, e) : e;
    }
  }
}
