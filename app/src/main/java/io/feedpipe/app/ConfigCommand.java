package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.config.SettingsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code feedpipe config --markdown [TABLE]}: prints a settings table — every key, or the keys one
 * module defines ({@code ingest}, {@code publish}, {@code cluster}) — as the READMEs show it (tests keep their copies equal).
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print every configuration key with its environment variable, default and meaning.")
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "Print the table in Markdown (default: true).", defaultValue = "true")
  boolean markdown;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", defaultValue = "feedpipe",
      description = "Which table: feedpipe (every key, the main README's), ingest, publish or cluster (the module READMEs').")
  String table = "feedpipe";

  @Override
  public Integer call() {
    var settings = Catalogue.TABLES.get(table);
    if (settings == null) {
      throw new IllegalArgumentException("no settings table '" + table + "': choose one of " + Catalogue.TABLES.keySet());
    }
    System.out.print(SettingsTable.markdown(settings));
    return 0;
  }
}
