package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import io.feedpipe.normalize.HeadlineDictionary;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.StoryEvents;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * #16: each fixture of {@code src/test/resources/recovery} (one feed per class of defect, written
 * for this project, and {@code all-defects.xml}) goes through ingest, normalize and the event
 * encoding, and gives exactly the lines of its {@code .expected.jsonl}: every story event (as
 * {@code feedpipe preview} prints it; the fixture's file URL written {@code file:recovery/<name>}),
 * then each dead letter and the feed status (outcome, message, feed-level repairs). Every event
 * conforms to the schema. {@code -Dfeedpipe.recovery.write=true} rewrites the expected files
 * (review the diff before committing it).
 */
class RecoveryFixturesTest {
  private static final Instant NOW = Instant.parse("2024-01-16T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Normalizer NORMALIZER = Normalizer.withDefaultRules();

  static Path folder() throws URISyntaxException {
    return Path.of(RecoveryFixturesTest.class.getResource("/recovery/all-defects.xml").toURI()).getParent();
  }

  static Stream<String> fixtures() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(folder())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".expected.jsonl")).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aFeedWithTheDefectGivesItsExpectedEvents(String name) throws Exception {
    Path file = folder().resolve(name);
    URI url = file.toUri();
    FeedDefinition feed = new FeedDefinition("recovery-" + name, url, Optional.empty(), List.of(), Optional.empty(),
        Map.of());
    List<String> lines = new ArrayList<>();
    try (FeedIngestor ingestor = FeedIngestor.create(IngestSettings.defaults(), InstantSource.fixed(NOW))) {
      IngestResult result = ingestor.poll(feed, FeedState.initial(feed.id(), url));
      HeadlineDictionary headlines = HeadlineDictionary.ofTitlesOf(result.items()); // as preview and run pass them
      for (RawItem item : result.items()) {
        byte[] event = StoryEvents.encode(NORMALIZER.normalize(item, headlines), 1);
        assertThat(EventSchema.violations(event)).as(name).isEmpty();
        lines.add(new String(event, StandardCharsets.UTF_8));
      }
      for (DeadLetter d : result.deadLetters()) {
        ObjectNode letter = JSON.createObjectNode();
        letter.putObject("deadLetter").put("kind", d.kind()).put("reason", d.reason()).put("payloadHead", d.payloadHead());
        lines.add(JSON.writeValueAsString(letter));
      }
      ObjectNode status = JSON.createObjectNode();
      ObjectNode s = status.putObject("feedStatus");
      s.put("outcome", result.status().outcome().label());
      s.put("message", result.status().message().orElse(null));
      ArrayNode repairs = s.putArray("repairs");
      for (Repair r : result.status().repairs()) {
        repairs.addObject().put("kind", r.kind()).put("where", r.where()).put("detail", r.detail());
      }
      lines.add(JSON.writeValueAsString(status));
    }
    String actual = String.join("\n", lines).replace(url.toString(), "file:recovery/" + name) + "\n";
    Path expected = folder().resolve(name.substring(0, name.lastIndexOf('.')) + ".expected.jsonl");
    if (Boolean.getBoolean("feedpipe.recovery.write")) {
      Path source = Path.of("src/test/resources/recovery").resolve(expected.getFileName());
      Files.writeString(source, actual);
      return;
    }
    assertThat(expected).as("expected events of " + name).exists();
    assertThat(actual).isEqualTo(Files.readString(expected));
  }
}
