package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.LoggerFactory;

/**
 * {@code feedpipe run}: the service, until SIGTERM or Ctrl-C, after which it stops cleanly and exits
 * 0 (3 when another instance fenced it, 1 when it could not start).
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = "Run the service: poll feeds, publish one event per new or changed story to Kafka. With no Kafka configured it starts an embedded single-node broker on 127.0.0.1; with no feed configured it polls the bundled sample feed. Every setting can also come from the config file or a FEEDPIPE_* environment variable (see `feedpipe config`).")
final class RunCommand implements Callable<Integer> {

  @Mixin SettingsOptions settingsOptions = new SettingsOptions();
  @Mixin ServiceFlags serviceFlags = new ServiceFlags();

  @Option(names = "--feed", paramLabel = "URL|PATH",
      description = "A feed to poll (http(s) URL or local file), or a feeds file (.yaml/.yml) or OPML file (.opml); repeatable.%n"
          + "Default: feeds.file, else the bundled sample feed.")
  List<String> feeds = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ResolvedSettings settings = settingsOptions.load(serviceFlags.settings());
    Optional<Path> kafkaLog = Logging.configure(settings);

    FeedpipeService service = FeedpipeService.start(settings, feeds);
    kafkaLog.ifPresent(file -> LoggerFactory.getLogger(RunCommand.class)
        .info("Kafka's own warnings and errors go to {} (log.level=DEBUG shows them here)", file));
    Runnable undo = StopSignals.install(service::close);
    int exit = service.awaitTermination();
    undo.run();
    service.close();
    return exit;
  }
}
