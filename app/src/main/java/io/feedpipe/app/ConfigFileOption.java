package io.feedpipe.app;

import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
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

  /** Defaults, then the config file, the environment and {@code flags}. */
  ResolvedSettings load(Map<String, String> flags) {
    return ConfigLoader.load(config, System.getenv(), flags);
  }
}
