package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Redaction;
import io.feedpipe.model.Story;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.StoryEvents;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code feedpipe preview}: fetch, parse and normalize feeds and print each story as one JSON line —
 * the exact event value {@code run} would publish (as revision 1) — without Kafka.
 */
@Command(name = "preview", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = "Fetch, parse and normalize feeds and print each story as one JSON line, exactly the event value that would go to Kafka. A feed that fails prints one line on stderr naming it and the reason; the exit code is then 1, and the other feeds still print. An entry that cannot be read prints one line on stderr, and the feed's other stories still print.")
final class PreviewCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "URL|PATH",
      description = "Feeds: http(s) URLs, local feed files, or feeds files (.yaml/.yml/.opml).")
  List<String> feeds = new ArrayList<>();

  @Mixin SettingsOptions settingsOptions = new SettingsOptions();

  @Override
  public Integer call() throws InterruptedException {
    Logging.toStderr();
    ResolvedSettings settings = settingsOptions.load(Map.of());
    Normalizer normalizer = Wiring.normalizer(settings);
    PrintStream out = System.out;
    PrintStream err = System.err;
    int exit = 0;
    try (FeedIngestor ingestor = FeedIngestor.create(Wiring.ingestSettings(settings), InstantSource.system())) {
      for (String arg : feeds) {
        List<FeedDefinition> resolved;
        List<String> problems = new ArrayList<>();
        try {
          resolved = FeedSources.fromArgument(arg, problems);
        } catch (IllegalArgumentException e) {
          err.println("feedpipe: " + Redaction.text(e.getMessage()));
          exit = 1;
          continue;
        }
        for (String p : problems) {
          err.println("feedpipe: " + p);
          exit = 1;
        }
        for (FeedDefinition feed : resolved) {
          String shown = Redaction.url(feed.url()).toString(); // the feed as an error line may name it
          IngestResult result = ingestor.poll(feed, FeedState.initial(feed.id(), feed.url()));
          if (result.status().outcome() != PollOutcome.OK) {
            String reason = result.status().message().orElse(result.status().outcome().label());
            err.println("feedpipe: " + (reason.contains(shown) ? reason : shown + ": " + reason));
            exit = 1;
            continue;
          }
          for (Story story : normalizer.normalizePoll(result.items())) {
            byte[] event;
            try {
              event = StoryEvents.encode(story, 1);
            } catch (IllegalArgumentException e) {
              // run would send this story to the dead letters; preview names it and goes on
              err.println("feedpipe: " + shown + ": story " + story.id() + " cannot be encoded: " + e.getMessage());
              exit = 1;
              continue;
            }
            out.write(event, 0, event.length);
            out.write('\n');
          }
          out.flush();
          // entries that could not be read: run sends them to the dead letters, preview names them
          result.deadLetters().forEach(d -> err.println("feedpipe: " + d.reason() + " (dead letter, " + d.kind() + ")"));
        }
      }
    }
    return exit;
  }
}
