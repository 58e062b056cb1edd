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

  @Test // #23: the rules file is read by normalize's NormalizeSettings, for the service and the connector alike
  void aRulesFileWithBadRulesIsNamedWithItsKey() throws IOException {
    Path rules = Files.writeString(dir.resolve("rules.yaml"),
        "rules:\n  - id: footer\n    type: paragraph\n    pattern: \"read (more\"\n");
    Path config = Files.writeString(dir.resolve("feedpipe.yaml"), "normalize.rulesFile: " + rules + "\n");

    Run run = run("preview", "--config", config.toString(), dir.resolve("feed.xml").toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("Invalid normalize.rulesFile " + rules).contains("rule 'footer'");
  }

  @Test // #17
  void previewOfOutletFormsPrintsFlagsAgenciesStructuredDatelineAndCleanText() throws Exception {
    Path feed = dir.resolve("outlet-forms.xml");
    try (InputStream in = CommandLineTest.class.getResourceAsStream("/provenance/outlet-forms.xml")) {
      Files.copy(in, feed);
    }

    Run run = run("preview", feed.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byGuid = new java.util.HashMap<>();
    for (String line : run.out().lines().toList()) {
      assertThat(EventSchema.violations(line.getBytes(StandardCharsets.UTF_8))).isEmpty();
      var event = new ObjectMapper().readTree(line);
      byGuid.put(event.get("guid").asText(), event);
    }
    assertThat(byGuid).hasSize(12);
    assertForm(byGuid.get("forms-1-notice-after-desk-slug"), "AUS", List.of("PTI"), null,
        "Shares of Harbor Mills rose 4 percent on Tuesday.\n\nThe stock closed at 412.50 rupees on the National Stock Exchange.");
    assertForm(byGuid.get("forms-2-with-pti-inputs-image"), "S", List.of("PTI"), null,
        "Farmers in Belgaon ended their sit-in after talks with the district collector. The protest ended peacefully by evening.");
    assertForm(byGuid.get("forms-3-inputs-label"), "S", List.of("ANI"), null,
        "Clashes broke out in Rampur on Sunday night. Section 144 has been imposed across the district.");
    assertForm(byGuid.get("forms-4-party-acronym-staff"), "", List.of(), null,
        "Progressive Tenants Initiative (PTI) will approach the high court against the eviction order, its president said."
            + "\n\nThe group says 300 families face eviction.");
    assertForm(byGuid.get("forms-5-also-read-run-in"), "", List.of(), null,
        "Relief teams reached the flooded villages of the state. Heavy rain is expected for four more days. "
            + "Fuel supplies were unchanged. Officials said roads would reopen by Friday.");
    assertForm(byGuid.get("forms-6-dateline-alone"), "S", List.of("PTI"), "Nashik|null|null|June 7|PTI",
        "The Reserve Bank of India kept its policy rate unchanged on Friday.");
    assertForm(byGuid.get("forms-7-ap-after-caption"), "S", List.of("AP"), "KAVALI|null|India|null|AP",
        "Rescuers found two more bodies on Saturday as the search resumed.");
    assertForm(byGuid.get("forms-8-data-line-staff"), "", List.of(), null,
        "Readings were taken at noon on Monday. Air Quality Index At Rampur Central Station: 212 (Poor).\n\n"
            + "Doctors advised people with asthma to stay indoors.");
    // the run-in headline is the title of another item of the same poll: that is the evidence for the cut
    assertForm(byGuid.get("forms-9-known-headline"), "", List.of(), null,
        "Farmers in the south welcomed the early rain.\n\nSowing is expected to start next week.");
    assertForm(byGuid.get("forms-11-disclaimer"), "S", List.of(), null, "The film earned 40 crore in its first week.");
    assertForm(byGuid.get("forms-12-structured-dateline"), "US", List.of("ANI"), "Kurnool|Andhra Pradesh|India|May 19|ANI",
        "The district reported its first heatwave death of the year. Hospitals opened cooling wards.");
  }

  private static void assertForm(com.fasterxml.jackson.databind.JsonNode event, String flags, List<String> agencies,
      String dateline, String text) {
    var p = event.get("provenance");
    String guid = event.get("guid").asText();
    String got = (p.get("autoGenerated").asBoolean() ? "A" : "") + (p.get("unedited").asBoolean() ? "U" : "")
        + (p.get("syndicated").asBoolean() ? "S" : "");
    assertThat(got).as("%s flags", guid).isEqualTo(flags);
    assertThat(p.get("agencies")).extracting(com.fasterxml.jackson.databind.JsonNode::asText).as("%s agencies", guid)
        .containsExactlyElementsOf(agencies);
    var d = event.get("dateline");
    String gotDateline = d.isNull() ? null : String.join("|", d.get("place").asText(), d.get("region").asText(),
        d.get("country").asText(), d.get("date").asText(), d.get("agency").asText());
    assertThat(gotDateline).as("%s dateline", guid).isEqualTo(dateline);
    assertThat(event.get("text").asText()).as("%s text", guid).isEqualTo(text);
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
  void previewOfAPrivateFeedThatFailsNamesItWithoutItsPasswordOrToken() throws IOException { // #20
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    List<String> authorization = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext("/feed.xml", exchange -> {
      authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://alice:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/feed.xml?token=abc123";

      Run run = run("preview", "--allow-address", "127.0.0.1/32", url);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).contains("feedpipe: http://127.0.0.1:" + server.getAddress().getPort()
          + "/feed.xml?token=REDACTED: HTTP 500").doesNotContain("s3cret", "abc123", "alice");
      assertThat(authorization).containsExactly("Basic " + java.util.Base64.getEncoder()
          .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    } finally {
      server.stop(0);
    }
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

  @ParameterizedTest // #19: -V on a subcommand printed nothing
  @ValueSource(strings = {"run", "preview", "tail", "status", "import-opml", "config"})
  void everyCommandPrintsTheVersion(String command) {
    Run run = run(command, "-V");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("feedpipe ");
  }

  @Test // #19: wrapping split defaults ("./data" as ". /data")
  void helpShowsEveryDefaultWholeOnItsOwnLine() {
    Run run = run("run", "--help");

    assertThat(run.out()).contains("Default: ./data\n", "Default: 8080\n", "Default: 9092\n", "Default: text\n");
    assertThat(run.out().lines()).allSatisfy(line -> assertThat(line).doesNotEndWith("Default: ."));
    assertThat(run("status", "--help").out()).contains("Default: http://127.0.0.1:<http.port>");
  }

  @Test // #19: unknown-key, missing-file and bad-YAML errors were printed twice
  void aConfigFileProblemIsPrintedOnce() throws IOException {
    Path config = Files.writeString(dir.resolve("bad.yaml"), "nosuch.key: 1\n");

    Run run = run("config", "--effective", "--config", config.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).containsOnlyOnce("Unknown setting nosuch.key");
    assertThat(run("config", "--effective", "--config", dir.resolve("missing.yaml").toString()).err())
        .containsOnlyOnce("does not exist");
  }

  @Test // #19
  void effectiveConfigShowsEachValueWithItsSourceAndMasksSecrets() throws IOException {
    Path secret = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.scram.ScramLoginModule "
        + "required username=\"feedpipe\" password=\"hunter2\";\n");
    Path config = Files.writeString(dir.resolve("feedpipe.yaml"), """
        kafka.bootstrapServers: kafka:9093
        kafka.common:
          security.protocol: SASL_SSL
          sasl.jaas.config: ${file:%s}
          ssl.truststore.password: hunter3
        topics.prefix: news
        """.formatted(secret));

    Run run = run("config", "--effective", "--config", config.toString(), "--http-port", "9000");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("kafka\\.bootstrapServers += kafka:9093 +\\(config file .*feedpipe\\.yaml\\)")
        .containsPattern("kafka\\.common\\.sasl\\.jaas\\.config += \\*{6} \\(from \\$\\{file:.*jaas}\\)")
        .containsPattern("kafka\\.common\\.ssl\\.truststore\\.password += \\*{6} ")
        .containsPattern("http\\.port += 9000 +\\(command line\\)")
        .containsPattern("topics\\.partitions += 3 +\\(default\\)")
        .doesNotContain("hunter2").doesNotContain("hunter3");
  }

  @Test // #19: xmlUrl="not a url" became a file:/// URL
  void importOpmlRefusesAnXmlUrlThatIsNoUrlNamingTheLine() throws IOException {
    Path opml = Files.writeString(dir.resolve("subs.opml"), """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>subs</title></head><body>
          <outline type="rss" text="Broken" xmlUrl="not a url"/>
          <outline type="rss" text="Good" xmlUrl="https://example.com/rss.xml"/>
        </body></opml>
        """);

    Run run = run("import-opml", opml.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("https://example.com/rss.xml").doesNotContain("file:");
    assertThat(run.err()).contains(opml + ":3: xmlUrl 'not a url' is not an absolute http or https URL");
  }

  @Test // #19: a Markdown file was "not valid YAML"
  void importOpmlOfAFileThatIsNoOpmlSaysSo() throws IOException {
    Path notes = Files.writeString(dir.resolve("README.md"), "# Feeds\n\n- one: https://example.com/rss\n");

    Run run = run("import-opml", notes.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(notes + " is not an OPML file").doesNotContain("YAML");
  }

  @Test
  void configPrintsTheSettingsTable() {
    Run run = run("config");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(io.feedpipe.app.config.Catalogue.markdownTable());
  }

  /** Runs the command line in this JVM, capturing stdout and stderr. */
  static Run run(String... args) {
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
