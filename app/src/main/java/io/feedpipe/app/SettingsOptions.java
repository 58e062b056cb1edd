package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.model.Redaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code preview} share: the config file and the address guard's exceptions. */
final class SettingsOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config file (default: none). Settings also come from FEEDPIPE_* environment variables; see `feedpipe config`.")
  Optional<Path> config = Optional.empty();

  @Option(names = "--allow-address", paramLabel = "CIDR",
      description = "Let the address guard fetch from this otherwise refused range (loopback, private, link-local); "
          + "repeatable, added to fetch.allowedAddresses. Default: none.")
  List<String> allowAddresses = new ArrayList<>();

  /**
   * Defaults, then the config file, the environment and {@code flags}; {@code --allow-address} extends
   * {@code fetch.allowedAddresses}. Sets the process's secret query parameters ({@code
   * redact.queryParameters}) before any feed is read.
   */
  ResolvedSettings load(Map<String, String> flags) {
    ResolvedSettings settings = ConfigLoader.load(config, System.getenv(), flags);
    Redaction.useSecretParameters(settings.get(Catalogue.REDACT_QUERY_PARAMETERS));
    if (allowAddresses.isEmpty()) {
      return settings;
    }
    List<String> allowed = new ArrayList<>(settings.get(FetchSettings.ALLOWED_ADDRESSES));
    allowed.addAll(allowAddresses);
    Map<String, String> withAllowed = new LinkedHashMap<>(flags);
    withAllowed.put(FetchSettings.ALLOWED_ADDRESSES.key(), FetchSettings.ALLOWED_ADDRESSES.type().write(allowed));
    return ConfigLoader.load(config, System.getenv(), withAllowed);
  }
}
