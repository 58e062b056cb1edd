package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.model.Redaction;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE}: every command that reads settings reads them the same way as {@code run}. */
final class ConfigFileOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config file. Settings also come from FEEDPIPE_* environment variables; see `feedpipe config`.%n"
          + "Default: none.")
  Optional<Path> config = Optional.empty();

  /**
   * Defaults, then the config file, the environment and {@code flags}. Sets the process's secret
   * query parameters ({@code redact.queryParameters}) before anything is read or logged.
   */
  ResolvedSettings load(Map<String, String> flags) {
    ResolvedSettings settings = ConfigLoader.load(config, System.getenv(), flags);
    Redaction.useSecretParameters(settings.get(Catalogue.REDACT_QUERY_PARAMETERS));
    return settings;
  }
}
