package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.config.Catalogue;
import io.feedpipe.ingest.FeedList;
import io.feedpipe.ingest.FeedsFile;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which feeds to poll: the {@code --feed} arguments, else the {@code feeds.file} setting,
 * else the sample feed bundled in the jar (written under the data dir so it can be read as a local
 * file). The service adds the feeds topic's ({@link LiveFeeds}), and polls the sample only when
 * that has none either.
 */
final class FeedSources {
  private FeedSources() {}

  /** The name the bundled sample feed goes by. */
  static final String SAMPLE_NAME = "feedpipe sample feed";


  /** Whether feeds are given, by {@code --feed} arguments or the {@code feeds.file} setting. */
  static boolean given(ResolvedSettings settings, List<String> args) {
    return !args.isEmpty() || settings.find(Catalogue.FEEDS_FILE).isPresent();
  }

  /**
   * @param problems receives one line per feeds-file entry that was skipped ("file:line: reason")
   * @throws IllegalArgumentException when an argument names neither a URL nor an existing file
   */
  static List<FeedDefinition> resolve(ResolvedSettings settings, List<String> args, List<String> problems) {
    List<FeedDefinition> feeds = new ArrayList<>();
    if (!args.isEmpty()) {
      for (String arg : args) {
        feeds.addAll(fromArgument(arg, problems));
      }
    } else if (settings.find(Catalogue.FEEDS_FILE).isPresent()) {
      feeds.addAll(fromFeedsFile(Path.of(settings.get(Catalogue.FEEDS_FILE)), problems));
    } else {
      feeds.add(sample(Path.of(settings.get(Catalogue.DATA_DIR))));
    }
    // the same feed given twice is polled once
    Map<String, FeedDefinition> byId = new LinkedHashMap<>();
    feeds.forEach(f -> byId.putIfAbsent(f.id(), f));
    return List.copyOf(byId.values());
  }

  /** A URL, a local feed file, or a feeds/OPML file. */
  static List<FeedDefinition> fromArgument(String arg, List<String> problems) {
    String lower = arg.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
      try {
        return List.of(FeedDefinition.of(URI.create(arg.strip())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(Redaction.text("Feed " + arg + " is not a valid URL: " + e.getMessage()), e);
      }
    }
    Path path = Path.of(arg);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "Feed " + Redaction.text(arg) + " is neither an http(s) URL nor a readable file");
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".opml")) {
      return fromFeedsFile(path, problems);
    }
    return List.of(FeedDefinition.of(path.toAbsolutePath().normalize().toUri()));
  }

  private static List<FeedDefinition> fromFeedsFile(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Feeds file " + file + " does not exist (setting feeds.file)");
    }
    FeedList list = FeedsFile.load(file);
    problems.addAll(list.problems());
    return list.feeds();
  }

  /** Writes the bundled sample feed under {@code dataDir/sample/} and returns it as a feed. */
  static FeedDefinition sample(Path dataDir) {
    Path target = dataDir.resolve("sample").resolve("sample-feed.xml");
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      if (in == null) {
        throw new IllegalStateException("the sample feed is missing from the jar");
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample feed to " + target, e);
    }
    URI uri = target.toAbsolutePath().normalize().toUri();
    // its id is derived from its URL like any local feed's, so `feedpipe preview` of the same
    // file prints the same story ids as `run` publishes
    return new FeedDefinition(FeedDefinition.idFor(uri), uri, Optional.of(SAMPLE_NAME), List.of("sample"), Optional.empty(), Map.of());
  }
}
