package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.config.Setting;
import io.feedpipe.model.Redaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code feedpipe}: the command line. Each subcommand is its own class. */
@Command(
    name = "feedpipe",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Streaming ingestion of syndicated news feeds into Kafka.",
    subcommands = {
      RunCommand.class,
      ClusterCommand.class,
      ClustersCommand.class,
      PreviewCommand.class,
      TailCommand.class,
      StatusCommand.class,
      FeedsCommand.class,
      ImportOpmlCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests: no {@code System.exit}). */
  public static int execute(String... args) {
    // option descriptions show the catalogue's defaults as ${sys:feedpipe.default.<key>}
    for (Setting<?> s : Catalogue.CATALOGUE) {
      System.setProperty("feedpipe.default." + s.key(), s.defaultText().orElse("(unset)"));
    }
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parseResult) -> {
          cmd.getErr().println("feedpipe: " + Redaction.text(String.valueOf(e.getMessage())));
          return 1;
        })
        .execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"feedpipe " + (v == null ? "(development build)" : v)};
    }
  }
}
