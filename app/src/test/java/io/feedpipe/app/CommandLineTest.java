package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: exit codes, stdout carrying data, stderr carrying reasons. */
class CommandLineTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void previewPrintsOneEventPerStoryAndNamesTheFeedThatFailed() throws IOException {
    Path sample = dir.resolve("sample.xml");
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      Files.copy(in, sample);
    }
    Path missing = dir.resolve("missing.xml");

    Run run = run("preview", missing.toString(), sample.toString());

    assertThat(run.exit()).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("revision").asInt()).isEqualTo(1);
      assertThat(EventSchema.violations(line.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
    assertThat(run.err()).contains("feedpipe: Feed " + missing + " is neither an http(s) URL nor a readable file");
  }

  @Test // #19
  void previewEventsCarryTheFeedsIdNameAndTagsFromTheFeedsFile() throws IOException {
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      Files.copy(in, dir.resolve("sample.xml"));
    }
    Path feeds = Files.writeString(dir.resolve("feeds.yaml"), """
        feeds:
          - url: sample.xml
            id: latestly-sample
            name: LatestLY sample
            tags: [india, agency]
        """);

    Run run = run("preview", feeds.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      var feed = new ObjectMapper().readTree(line).get("feed");
      assertThat(feed.get("id").asText()).isEqualTo("latestly-sample");
      assertThat(feed.get("name").asText()).isEqualTo("LatestLY sample");
      assertThat(feed.get("tags")).extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("india", "agency");
    }
  }

  @Test
  void previewOfALoopbackUrlIsRefusedByTheAddressGuardWithTheFlagToAllowIt() {
    Run run = run("preview", "http://127.0.0.1:9/feed.xml");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("http://127.0.0.1:9/feed.xml", "address guard", "--allow-address");
  }

  @Test
  void importOpmlPrintsAFeedsFile() throws IOException {
    Path opml = Files.writeString(dir.resolve("subs.opml"), """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>subs</title></head><body>
          <outline text="News" title="News">
            <outline type="rss" text="Example" title="Example" xmlUrl="https://example.com/rss.xml"/>
          </outline>
        </body></opml>
        """);

    Run run = run("import-opml", opml.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("feeds:", "https://example.com/rss.xml", "Example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "preview", "tail", "status", "import-opml", "config"})
  void everyCommandHasHelp(String command) {
    Run run = run(command, "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("Usage: feedpipe " + command);
  }

  @Test
  void configPrintsTheSettingsTable() {
    Run run = run("config");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(io.feedpipe.app.config.Catalogue.markdownTable());
  }

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      int exit = Main.execute(args);
      return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
