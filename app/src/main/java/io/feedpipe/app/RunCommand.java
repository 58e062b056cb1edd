package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.ops.OpsServerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code feedpipe run}: the service, until SIGTERM (or Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the service: poll feeds, publish one event per new or changed story to Kafka. With no Kafka configured it starts an embedded single-node broker on 127.0.0.1; with no feed configured it polls the bundled sample feed. Every setting can also come from the config file or a FEEDPIPE_* environment variable (see `feedpipe config`).")
final class RunCommand implements Callable<Integer> {

  @Mixin SettingsOptions settingsOptions = new SettingsOptions();

  @Option(names = "--feed", paramLabel = "URL|PATH",
      description = "A feed to poll (http(s) URL or local file), or a feeds file (.yaml/.yml) or OPML file (.opml); repeatable. "
          + "Default: feeds.file, else the bundled sample feed.")
  List<String> feeds = new ArrayList<>();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS). Default: none, so an embedded broker is started.")
  Optional<String> bootstrapServers = Optional.empty();

  @Option(names = "--embedded-kafka-port", paramLabel = "N",
      description = "Port of the embedded broker. Default: ${sys:feedpipe.default.kafka.embeddedPort}.")
  Optional<Integer> embeddedKafkaPort = Optional.empty();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for the embedded broker's log. Default: ${sys:feedpipe.default.dataDir}.")
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
    embeddedKafkaPort.ifPresent(v -> flags.put(Catalogue.KAFKA_EMBEDDED_PORT.key(), v.toString()));
    dataDir.ifPresent(v -> flags.put(Catalogue.DATA_DIR.key(), v.toString()));
    httpPort.ifPresent(v -> flags.put(OpsServerSettings.PORT.key(), v.toString()));
    logFormat.ifPresent(v -> flags.put(Catalogue.LOG_FORMAT.key(), v));
    ResolvedSettings settings = settingsOptions.load(flags);
    Logging.configure(settings);

    FeedpipeService service = FeedpipeService.start(settings, feeds);
    Thread hook = new Thread(service::close, "feedpipe-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int exit = service.awaitTermination();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      service.close();
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM: the hook closes the service
    }
    return exit;
  }
}
