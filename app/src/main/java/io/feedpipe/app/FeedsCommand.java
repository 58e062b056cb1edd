package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.config.Durations;
import io.feedpipe.config.SettingType;
import io.feedpipe.ingest.FeedList;
import io.feedpipe.ingest.FeedsFile;
import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import io.feedpipe.publish.BrokerUnavailableException;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.KafkaAccessException;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code feedpipe feeds add|remove|list|import}: the feeds topic ({@code <topics.prefix>.feeds}),
 * which a running service follows: a feed added there is polled within {@code feeds.watchInterval},
 * one removed stops. Each command reads the topic first and checks everything it is given before
 * it writes; a write is one Kafka transaction, so on any problem nothing is written (exit 1, one
 * line per problem on stderr).
 */
@Command(name = "feeds", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Manage the feeds a running feedpipe polls, without a restart. They live in the feeds topic "
        + "(<topics.prefix>.feeds), which the service reads every feeds.watchInterval; feeds of --feed or the feeds "
        + "file are polled beside them and win over the topic's definition of the same id.",
    subcommands = {FeedsCommand.Add.class, FeedsCommand.Remove.class, FeedsCommand.ListFeeds.class,
        FeedsCommand.Import.class})
final class FeedsCommand {

  /** How the commands reach Kafka: as {@code run} does, from the same config file and environment. */
  static final class Connection {
    @Mixin ConfigFileOption configFile = new ConfigFileOption();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers (kafka.bootstrapServers; also KAFKA_BOOTSTRAP_SERVERS).%n"
            + "Default: the embedded broker of `feedpipe run`, 127.0.0.1:<kafka.embeddedPort>.")
    Optional<String> bootstrapServers = Optional.empty();

    PublishSettings settings() {
      Map<String, String> flags = new LinkedHashMap<>();
      bootstrapServers.ifPresent(v -> flags.put(Catalogue.KAFKA_BOOTSTRAP.key(), v));
      ResolvedSettings settings = configFile.load(flags);
      Logging.toStderr(Optional.of(settings));
      String servers = settings.find(Catalogue.KAFKA_BOOTSTRAP)
          .orElse("127.0.0.1:" + settings.get(Catalogue.KAFKA_EMBEDDED_PORT));
      return Wiring.publishSettings(settings, servers);
    }
  }

  /** What one command does once it has the settings; problems go to stderr and mean exit 1. */
  private interface Action {
    int run(PublishSettings settings, List<String> problems) throws BrokerUnavailableException, InterruptedException,
        TimeoutException;
  }

  private static int execute(Connection connection, Action action) throws InterruptedException {
    PublishSettings settings = connection.settings();
    String topic = new Topics(settings.topicPrefix()).feeds();
    List<String> problems = new ArrayList<>();
    try {
      int exit = action.run(settings, problems);
      if (!problems.isEmpty()) {
        problems.forEach(p -> System.err.println("feedpipe: " + Redaction.text(p)));
        System.err.println("feedpipe: nothing written to " + topic + " (" + problems.size() + " problem"
            + (problems.size() == 1 ? "" : "s") + ")");
        return 1;
      }
      return exit;
    } catch (BrokerUnavailableException | TimeoutException | KafkaException e) {
      // refused credentials, TLS, ACLs: the one line naming the settings to fix (#19); else no broker
      String why = KafkaAccessException.of(e, settings.bootstrapServers()).map(Throwable::getMessage)
          .orElse(topic + " at " + settings.bootstrapServers() + ": " + e.getMessage()
              + " (is Kafka running there? `feedpipe run` starts one on 127.0.0.1:<kafka.embeddedPort>)");
      System.err.println(Redaction.text("feedpipe: " + why));
      return 1;
    }
  }

  /** The feeds of the topic now, by id, with a warning on stderr for each record that is no definition. */
  private static Map<String, FeedDefinition> current(PublishSettings settings) throws TimeoutException {
    try (FeedsTopic.Reader reader = FeedsTopic.reader(settings)) {
      FeedsTopic.Changes changes = reader.read(settings.maxBlock().multipliedBy(3));
      changes.unreadable().forEach(u -> System.err.println("feedpipe: skipped " + u));
      return changes.applyTo(Map.of());
    }
  }

  private static String describe(FeedDefinition f) {
    return f.id() + "  " + Redaction.url(f.url());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Add feeds to the feeds topic; a running feedpipe polls them within feeds.watchInterval. "
          + "Credentials are given by reference in a feeds file (`feeds import`), never on the command line.")
  static final class Add implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Parameters(paramLabel = "URL", arity = "1..*",
        description = "The feed: an http(s) URL, or a local file (as the service's machine sees it).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "A human name (one URL only). Default: none.")
    Optional<String> name = Optional.empty();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeatable. Default: none.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION",
        description = "Poll interval, e.g. 10m (30s, 2h, 1d). Default: schedule.defaultInterval, adapted to the feed.")
    Optional<String> interval = Optional.empty();

    @Option(names = "--id", paramLabel = "ID", description = "The feed's id (one URL only). Default: derived from the URL.")
    Optional<String> id = Optional.empty();

    @Option(names = "--replace", description = "Replace the definition of a feed that is in the topic already.")
    boolean replace;

    @Override
    public Integer call() throws InterruptedException {
      return execute(connection, (settings, problems) -> {
        if ((name.isPresent() || id.isPresent()) && urls.size() > 1) {
          problems.add("--name and --id name one feed, but " + urls.size() + " URLs were given");
          return 1;
        }
        Optional<Duration> every = Optional.empty();
        if (interval.isPresent()) {
          try {
            every = Optional.of(SettingType.positiveDuration().read(interval.get()));
          } catch (IllegalArgumentException e) {
            problems.add("--interval '" + interval.get() + "': " + e.getMessage());
          }
        }
        Map<String, FeedDefinition> feeds = new LinkedHashMap<>();
        for (String arg : urls) {
          Optional<URI> url = feedUrl(arg);
          if (url.isEmpty()) {
            problems.add("'" + arg + "' is neither an http(s) URL nor a readable file");
            continue;
          }
          FeedDefinition feed;
          try {
            FeedDefinition of = FeedDefinition.of(url.get());
            feed = new FeedDefinition(id.orElse(of.id()), of.url(), name, tags, every, Map.of(), of.auth(), Map.of());
            FeedsTopic.check(feed);
          } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            continue;
          }
          if (feeds.putIfAbsent(feed.id(), feed) != null) {
            problems.add("feed " + describe(feed) + " is given twice");
          }
        }
        if (!problems.isEmpty()) {
          return 1;
        }
        Map<String, FeedDefinition> existing = current(settings);
        if (!replace) {
          feeds.values().stream().filter(f -> existing.containsKey(f.id())).forEach(f -> problems.add("feed "
              + describe(existing.get(f.id())) + " is in the feeds topic already: --replace gives it the new definition"));
        }
        if (!problems.isEmpty()) {
          return 1;
        }
        FeedsTopic.write(settings, List.copyOf(feeds.values()), List.of());
        feeds.values().forEach(f -> System.out.println((existing.containsKey(f.id()) ? "replaced " : "added ") + describe(f)));
        return 0;
      });
    }
  }

  /** An http(s) URL with a host, a {@code file:} URL or a local file, as an absolute URI. */
  static Optional<URI> feedUrl(String arg) {
    String v = arg.strip();
    String lower = v.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        URI url = new URI(v);
        return url.getHost() == null ? Optional.empty() : Optional.of(url);
      }
      Path path = lower.startsWith("file:") ? Path.of(new URI(v)) : Path.of(v);
      return Files.isRegularFile(path) ? Optional.of(path.toAbsolutePath().normalize().toUri()) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException too
      return Optional.empty();
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove feeds from the feeds topic; a running feedpipe stops polling them within feeds.watchInterval, "
          + "and deletes their state after feeds.forgetRemovedAfter unless they come back.")
  static final class Remove implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Parameters(paramLabel = "ID|URL", arity = "1..*", description = "A feed's id or URL, as `feedpipe feeds list` shows.")
    List<String> feeds = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
      return execute(connection, (settings, problems) -> {
        Map<String, FeedDefinition> existing = current(settings);
        Map<String, FeedDefinition> removed = new LinkedHashMap<>();
        for (String arg : feeds) {
          Optional<FeedDefinition> feed = Optional.ofNullable(existing.get(arg.strip()))
              .or(() -> existing.values().stream().filter(f -> matches(f, arg.strip())).findFirst());
          feed.ifPresentOrElse(f -> removed.put(f.id(), f),
              () -> problems.add("no feed with id or URL '" + arg + "' in the feeds topic (see `feedpipe feeds list`)"));
        }
        if (!problems.isEmpty()) {
          return 1;
        }
        FeedsTopic.write(settings, List.of(), List.copyOf(removed.keySet()));
        removed.values().forEach(f -> System.out.println("removed " + describe(f)));
        return 0;
      });
    }

    private static boolean matches(FeedDefinition feed, String url) {
      return feed.url().toString().equals(url) || Redaction.url(feed.url()).toString().equals(url)
          || feedUrl(url).map(u -> u.equals(feed.url())).orElse(false);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the feeds of the feeds topic: a table, or one JSON object per line (--json).")
  static final class ListFeeds implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("ID", "URL", "NAME", "TAGS", "INTERVAL", "CREDENTIALS");

    @Mixin Connection connection = new Connection();

    @Option(names = "--json", description = "One JSON object per feed and line, as the topic holds it.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
      return execute(connection, (settings, problems) -> {
        Map<String, FeedDefinition> feeds = current(settings);
        if (json) {
          feeds.values().forEach(f -> System.out.println(FeedsTopic.json(f)));
        } else {
          System.out.print(table(List.copyOf(feeds.values())));
        }
        return 0;
      });
    }

    static String table(List<FeedDefinition> feeds) {
      List<List<String>> rows = new ArrayList<>();
      rows.add(COLUMNS);
      for (FeedDefinition f : feeds) {
        rows.add(List.of(f.id(), Redaction.url(f.url()).toString(), f.name().orElse("-"),
            f.tags().isEmpty() ? "-" : String.join(",", f.tags()), f.interval().map(Durations::format).orElse("-"),
            credentials(f)));
      }
      return TextTable.render(rows);
    }

    /** Where the feed's credentials come from: references only, never a secret. */
    private static String credentials(FeedDefinition f) {
      List<String> refs = new ArrayList<>();
      f.auth().ifPresent(a -> refs.add(switch (a) {
        case FeedAuth.Basic b -> "basic " + b.username() + " (" + b.password().describe() + ")";
        case FeedAuth.Bearer b -> "bearer (" + b.token().describe() + ")";
      }));
      f.headers().forEach((name, ref) -> refs.add(name + " (" + ref.describe() + ")"));
      return refs.isEmpty() ? "-" : String.join("; ", refs);
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Add every feed of a feeds file (YAML) or an OPML export to the feeds topic, all or nothing: any "
          + "problem in the file, one per line with its line number, and nothing is written.")
  static final class Import implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Parameters(paramLabel = "FILE", description = "A feeds file (YAML) or an OPML file, told apart by content.")
    Path file;

    @Option(names = "--replace", description = "Replace the definitions of feeds that are in the topic already.")
    boolean replace;

    @Override
    public Integer call() throws InterruptedException {
      return execute(connection, (settings, problems) -> {
        if (!Files.isRegularFile(file)) {
          problems.add(file + " does not exist or is no file");
          return 1;
        }
        FeedList list = FeedsFile.load(file);
        // the file's problems as they are, less "skipped": an import skips nothing, it writes nothing
        list.problems().forEach(p -> problems.add(p.replaceFirst("; (entry|outline) skipped$", "")));
        if (list.feeds().isEmpty() && list.problems().isEmpty()) {
          problems.add(file + ": no feeds in it");
        }
        for (FeedDefinition f : list.feeds()) {
          try {
            FeedsTopic.check(f);
          } catch (IllegalArgumentException e) {
            problems.add(file + ": " + e.getMessage());
          }
        }
        if (!problems.isEmpty()) {
          return 1;
        }
        Map<String, FeedDefinition> existing = current(settings);
        List<FeedDefinition> there = list.feeds().stream().filter(f -> existing.containsKey(f.id())).toList();
        if (!replace && !there.isEmpty()) {
          problems.add(there.size() + " feed(s) of " + file + " are in the feeds topic already (" + there.stream()
              .map(FeedsCommand::describe).collect(Collectors.joining(", ")) + "): --replace gives them the file's definitions");
          return 1;
        }
        FeedsTopic.write(settings, list.feeds(), List.of());
        System.out.println("imported " + list.feeds().size() + " feed(s) from " + file + ": "
            + (list.feeds().size() - there.size()) + " added, " + there.size() + " replaced");
        return 0;
      });
    }
  }
}
