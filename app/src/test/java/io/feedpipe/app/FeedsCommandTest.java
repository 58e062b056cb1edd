package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.app.CommandLineTest.Run;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code feedpipe feeds}: what it writes to the feeds topic, and that bad input writes nothing. */
class FeedsCommandTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger instances = new AtomicInteger();

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void ownTopics() throws Exception {
    String prefix = "cli" + instances.incrementAndGet();
    config = dir.resolve("feedpipe.yaml");
    Files.writeString(config, "topics: {prefix: " + prefix + ", partitions: 1}\nkafka: {transactionalId: " + prefix
        + ", maxBlock: 5s}\n");
  }

  @Test
  void addedFeedsAreListedAsATableAndAsJson() {
    Run added = feeds("add", "https://a.example/rss", "--name", "A news", "--tag", "world", "--tag", "india",
        "--interval", "10m");
    Run second = feeds("add", "https://b.example/atom");

    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(data(added)).singleElement().asString().startsWith("added ").contains("https://a.example/rss");
    assertThat(second.exit()).isZero();
    Run table = feeds("list");
    assertThat(data(table)).hasSize(3);
    assertThat(table.out()).contains("ID", "CREDENTIALS", "A news", "world,india", "10m", "https://b.example/atom");
    Run json = feeds("list", "--json");
    assertThat(data(json)).hasSize(2).anySatisfy(line -> assertThat(line)
        .contains("\"url\":\"https://a.example/rss\"", "\"name\":\"A news\"", "\"interval\":\"10m\""));
  }

  @Test
  void oneBadUrlAmongGoodOnesWritesNothing() {
    Run run = feeds("add", "https://good.example/rss", "http://exa mple.com/rss", "ftp://files.example/feed");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("'http://exa mple.com/rss' is neither an http(s) URL nor a readable file",
        "'ftp://files.example/feed'", "nothing written to").doesNotContain("good.example");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void aFeedThatIsThereAlreadyIsReplacedOnlyWhenAsked() {
    feeds("add", "https://a.example/rss");

    Run again = feeds("add", "https://a.example/rss", "--name", "A");
    Run replaced = feeds("add", "https://a.example/rss", "--name", "A", "--replace");

    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("is in the feeds topic already: --replace");
    assertThat(replaced.exit()).isZero();
    assertThat(data(replaced)).singleElement().asString().startsWith("replaced ");
    assertThat(data(feeds("list", "--json"))).singleElement().asString().contains("\"name\":\"A\"");
  }

  @Test
  void aDuplicateOrAMisusedOptionWritesNothing() {
    assertThat(feeds("add", "https://a.example/rss", "https://a.example/rss").err()).contains("is given twice");
    assertThat(feeds("add", "https://a.example/rss", "https://b.example/rss", "--name", "X").err())
        .contains("--name and --id name one feed");
    assertThat(feeds("add", "https://a.example/rss", "--interval", "soon").err()).contains("--interval 'soon'");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void aPasswordInAUrlIsRefusedWithoutBeingShown() {
    Run run = feeds("add", "https://alice:s3cret@wire.example/feed.xml");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("passwordEnv|passwordFile").doesNotContain("s3cret");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void removeTakesAnIdOrAUrlAndAnUnknownOneWritesNothing() {
    feeds("add", "https://a.example/rss", "--id", "a");
    feeds("add", "https://b.example/rss", "--id", "b");

    Run unknown = feeds("remove", "a", "https://nowhere.example/rss");
    Run removed = feeds("remove", "a", "https://b.example/rss");

    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no feed with id or URL 'https://nowhere.example/rss'");
    assertThat(removed.exit()).isZero();
    assertThat(data(removed)).containsExactly("removed a  https://a.example/rss",
        "removed b  https://b.example/rss");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void anOpmlImportWithABrokenEntryNamesItsLineAndWritesNothing() throws Exception {
    Path opml = dir.resolve("subscriptions.opml");
    Files.writeString(opml, """
        <?xml version="1.0"?>
        <opml version="2.0">
          <body>
            <outline type="rss" text="One" xmlUrl="https://one.example/rss"/>
            <outline type="rss" text="Broken" xmlUrl="http://exa mple.com/rss"/>
            <outline type="rss" text="Two" xmlUrl="https://two.example/rss"/>
          </body>
        </opml>
        """);

    Run run = feeds("import", opml.toString());

    assertThat(run.exit()).isEqualTo(1);
    List<String> errors = run.err().lines().toList();
    assertThat(errors).containsExactly(
        "feedpipe: " + opml + ":5: xmlUrl 'http://exa mple.com/rss' is not an absolute http or https URL",
        "feedpipe: nothing written to " + prefixOf() + ".feeds (1 problem)");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void aYamlImportWithCredentialsByReferenceIsWrittenWhole() throws Exception {
    Path yaml = dir.resolve("feeds.yaml");
    Files.writeString(yaml, """
        feeds:
          - url: https://wire.example/private.xml
            name: Wire
            auth: {basic: {username: alice, passwordEnv: WIRE_PASSWORD}}
          - url: https://letters.example/feed.xml
            headers: {X-Api-Key: {valueFile: /run/secrets/key}}
        """);

    Run run = feeds("import", yaml.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("imported 2 feed(s)", "2 added, 0 replaced");
    assertThat(feeds("list").out()).contains("basic alice (environment variable WIRE_PASSWORD)",
        "X-Api-Key (file /run/secrets/key)");
    Run again = feeds("import", yaml.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("2 feed(s) of " + yaml + " are in the feeds topic already");
  }

  @Test
  void aFileThatIsNeitherYamlNorOpmlOrHasAnUnknownKeyWritesNothing() throws Exception {
    Path html = dir.resolve("page.html");
    Files.writeString(html, "<html><body>not a feed list</body></html>\n");
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "feeds:\n  - url: https://a.example/rss\n    intervall: 10m\n");

    Run notOpml = feeds("import", html.toString());
    Run unknownKey = feeds("import", typo.toString());

    assertThat(notOpml.exit()).isEqualTo(1);
    assertThat(notOpml.err()).contains(html + ":1: root element <html> is neither OPML nor YAML");
    assertThat(unknownKey.exit()).isEqualTo(1);
    assertThat(unknownKey.err()).contains(typo + ":3: unknown key 'intervall'");
    assertThat(data(feeds("list", "--json"))).isEmpty();
  }

  @Test
  void noBrokerIsOneLineSayingWhere() throws Exception {
    Files.writeString(config, "topics: {prefix: nobroker}\nkafka: {maxBlock: 1s}\n");

    Run run = CommandLineTest.run("feeds", "list", "--config", config.toString(), "--bootstrap-servers", "127.0.0.1:1");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines().toList()).singleElement().asString()
        .startsWith("feedpipe: nobroker.feeds at 127.0.0.1:1: ").contains("is Kafka running there?");
  }

  private String prefixOf() throws Exception {
    String text = Files.readString(config);
    return text.substring(text.indexOf("prefix: ") + 8, text.indexOf(','));
  }

  /** What a command printed as its result: stdout less the lines the test's logging adds there. */
  private static List<String> data(Run run) {
    return run.out().lines().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\dT.*")).toList();
  }

  private Run feeds(String... args) {
    List<String> all = new ArrayList<>(List.of("feeds"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config.toString(), "--bootstrap-servers", kafka.bootstrapServers()));
    return CommandLineTest.run(all.toArray(String[]::new));
  }
}
