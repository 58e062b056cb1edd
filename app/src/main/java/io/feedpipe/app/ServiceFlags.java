package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.ops.OpsServerSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags that set service settings, shared by {@code run} and {@code config --effective} (so
 * the latter shows what the former would use). Each default is the catalogue's, shown on a line of
 * its own so that help never wraps inside a value.
 */
final class ServiceFlags {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (kafka.bootstrapServers; also KAFKA_BOOTSTRAP_SERVERS).%n"
          + "Default: none, so an embedded broker is started.")
  Optional<String> bootstrapServers = Optional.empty();

  @Option(names = "--embedded-kafka-port", paramLabel = "N",
      description = "Port of the embedded broker (kafka.embeddedPort).%nDefault: ${sys:feedpipe.default.kafka.embeddedPort}")
  Optional<Integer> embeddedKafkaPort = Optional.empty();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for the embedded broker's log and feedpipe's log files (dataDir).%n"
          + "Default: ${sys:feedpipe.default.dataDir}")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--http-port", paramLabel = "N",
      description = "Port of the metrics/health HTTP server (http.port).%nDefault: ${sys:feedpipe.default.http.port}")
  Optional<Integer> httpPort = Optional.empty();

  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Log format on stdout (log.format).%nDefault: ${sys:feedpipe.default.log.format}")
  Optional<String> logFormat = Optional.empty();

  /** The flags given, as settings by key. */
  Map<String, String> settings() {
    Map<String, String> flags = new LinkedHashMap<>();
    bootstrapServers.ifPresent(v -> flags.put(Catalogue.KAFKA_BOOTSTRAP.key(), v));
    embeddedKafkaPort.ifPresent(v -> flags.put(Catalogue.KAFKA_EMBEDDED_PORT.key(), v.toString()));
    dataDir.ifPresent(v -> flags.put(Catalogue.DATA_DIR.key(), v.toString()));
    httpPort.ifPresent(v -> flags.put(OpsServerSettings.PORT.key(), v.toString()));
    logFormat.ifPresent(v -> flags.put(Catalogue.LOG_FORMAT.key(), v));
    return flags;
  }

  /** The flag that sets {@code key}, for messages ("--http-port"); empty when no flag does. */
  static Optional<String> flagOf(String key) {
    return Optional.ofNullable(Map.of(
        Catalogue.KAFKA_BOOTSTRAP.key(), "--bootstrap-servers",
        Catalogue.KAFKA_EMBEDDED_PORT.key(), "--embedded-kafka-port",
        Catalogue.DATA_DIR.key(), "--data-dir",
        OpsServerSettings.PORT.key(), "--http-port",
        Catalogue.LOG_FORMAT.key(), "--log-format").get(key));
  }
}
