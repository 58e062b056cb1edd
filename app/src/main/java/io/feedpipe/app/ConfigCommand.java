package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.config.SettingsTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code feedpipe config}: prints a settings table — every key, or the keys one module defines
 * ({@code ingest}, {@code publish}, {@code cluster}) — as the READMEs show it (tests keep their copies equal); with
 * {@code --effective}, the value of every key that {@code run} given the same config file,
 * environment and flags would use, and where each came from, secrets masked.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = "Print every configuration key with its environment variable, default and meaning (Markdown); "
        + "or, with --effective, the values in effect and where each came from (default, config file, environment "
        + "variable, command line), secrets masked.")
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--effective", description = "Print the values `feedpipe run` would use with the same --config, "
      + "environment and flags, and where each came from.")
  boolean effective;

  @Option(names = "--markdown", description = "Print the settings table in Markdown (the default output).")
  boolean markdown;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", defaultValue = "feedpipe",
      description = "Which table: feedpipe (every key, the main README's), ingest, publish or cluster (the module READMEs').")
  String table = "feedpipe";

  @Mixin SettingsOptions settingsOptions = new SettingsOptions();
  @Mixin ServiceFlags serviceFlags = new ServiceFlags();

  @Override
  public Integer call() {
    if (effective) {
      System.out.print(effective(settingsOptions.load(serviceFlags.settings())));
      return 0;
    }
    var settings = Catalogue.TABLES.get(table);
    if (settings == null) {
      throw new IllegalArgumentException("no settings table '" + table + "': choose one of " + Catalogue.TABLES.keySet());
    }
    System.out.print(SettingsTable.markdown(settings));
    return 0;
  }

  /** One line per key (an entry of {@code kafka.common.*} and the like per entry): {@code key = value  (source)}, aligned. */
  static String effective(ResolvedSettings settings) {
    List<ResolvedSettings.Effective> lines = settings.effective();
    int keyWidth = lines.stream().mapToInt(e -> e.key().length()).max().orElse(0);
    int valueWidth = Math.min(48, lines.stream().mapToInt(e -> e.value().length()).max().orElse(0));
    StringBuilder out = new StringBuilder();
    for (ResolvedSettings.Effective e : lines) {
      out.append(String.format("%-" + keyWidth + "s = %-" + valueWidth + "s  (%s)%n", e.key(), e.value(), e.source()));
    }
    return out.toString();
  }
}
