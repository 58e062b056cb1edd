package io.feedpipe.app;

import io.feedpipe.app.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedpipe config --markdown}: prints the settings table (the README's copy is checked against it). */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print every configuration key with its environment variable, default and meaning.")
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "Print the table in Markdown (default: true).", defaultValue = "true")
  boolean markdown;

  @Override
  public Integer call() {
    System.out.print(Settings.markdownTable());
    return 0;
  }
}
