package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.ingest.FetchSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options the commands that read settings share: the config file and the address guard's exceptions. */
final class SettingsOptions {
  @Mixin ConfigFileOption configFile = new ConfigFileOption();

  @Option(names = "--allow-address", paramLabel = "CIDR",
      description = "Let the address guard fetch from this otherwise refused range (loopback, private, link-local); "
          + "repeatable, added to fetch.allowedAddresses.%nDefault: none.")
  List<String> allowAddresses = new ArrayList<>();

  /**
   * Defaults, then the config file, the environment and {@code flags}; {@code --allow-address} extends
   * {@code fetch.allowedAddresses}. Sets the process's secret query parameters ({@code
   * redact.queryParameters}) before any feed is read ({@link ConfigFileOption#load}).
   */
  ResolvedSettings load(Map<String, String> flags) {
    ResolvedSettings settings = configFile.load(flags);
    if (allowAddresses.isEmpty()) {
      return settings;
    }
    List<String> allowed = new ArrayList<>(settings.get(FetchSettings.ALLOWED_ADDRESSES));
    allowed.addAll(allowAddresses);
    Map<String, String> withAllowed = new LinkedHashMap<>(flags);
    withAllowed.put(FetchSettings.ALLOWED_ADDRESSES.key(), FetchSettings.ALLOWED_ADDRESSES.type().write(allowed));
    return configFile.load(withAllowed);
  }
}
