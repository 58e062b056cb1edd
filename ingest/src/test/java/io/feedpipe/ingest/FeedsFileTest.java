package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedsFileTest {
  @TempDir Path dir;

  @Test
  void readsYamlFeedsAndReportsBadEntriesWithTheirLines() throws Exception {
    Path file = dir.resolve("feeds.yaml");
    Files.writeString(file, """
        feeds:
          - url: https://www.example.in/rss/india.xml
            id: example-india
            name: Example India
            tags: [india, agency]
            interval: 10m
            zoneAbbreviations: {IST: Asia/Kolkata}
          - url: ftp://bad.example/feed
          - https://plain.example/feed.xml
          - url: https://x.example/rss
            interval: soon
          - url: local/feed.xml
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.feeds()).extracting(FeedDefinition::url).containsExactly(
        URI.create("https://www.example.in/rss/india.xml"), URI.create("https://plain.example/feed.xml"),
        dir.resolve("local/feed.xml").toUri());
    FeedDefinition first = list.feeds().get(0);
    assertThat(first.id()).isEqualTo("example-india");
    assertThat(first.name()).contains("Example India");
    assertThat(first.tags()).containsExactly("india", "agency");
    assertThat(first.interval()).contains(Duration.ofMinutes(10));
    assertThat(first.zoneAbbreviations()).containsEntry("IST", "Asia/Kolkata");
    assertThat(list.problems()).hasSize(2);
    assertThat(list.problems().get(0)).startsWith(file + ":8: ").contains("ftp://bad.example/feed");
    assertThat(list.problems().get(1)).startsWith(file + ":11: ").contains("interval 'soon'");
  }

  @Test
  void readsOpmlWithFoldersAsTags() throws Exception {
    Path file = dir.resolve("subs.opml");
    Files.writeString(file, """
        <?xml version="1.0"?>
        <opml version="2.0">
          <head><title>My feeds</title></head>
          <body>
            <outline text="India">
              <outline type="rss" text="Example India" xmlUrl="https://www.example.in/rss"/>
              <outline type="rss" text="Broken" xmlUrl="javascript:alert(1)"/>
            </outline>
            <outline type="rss" title="World" xmlUrl="https://world.example/feed" category="/news,world"/>
          </body>
        </opml>
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.feeds()).hasSize(2);
    assertThat(list.feeds().get(0).name()).contains("Example India");
    assertThat(list.feeds().get(0).tags()).containsExactly("India");
    assertThat(list.feeds().get(1).tags()).containsExactly("news", "world");
    assertThat(list.problems()).singleElement().asString().startsWith(file + ":7: ");
  }

  @Test
  void yamlWrittenByToYamlReadsBackToTheSameFeeds() throws Exception {
    List<FeedDefinition> feeds = List.of(
        new FeedDefinition("custom", URI.create("https://a.example/rss"), Optional.of("A: news"), List.of("x", "y"),
            Optional.of(Duration.ofMinutes(7)), Map.of("IST", "+05:30")),
        FeedDefinition.of(URI.create("https://b.example/atom")));
    Path file = dir.resolve("out.yaml");
    Files.writeString(file, FeedsFile.toYaml(feeds));

    FeedList back = FeedsFile.load(file);

    assertThat(back.problems()).isEmpty();
    assertThat(back.feeds()).isEqualTo(feeds);
  }

  @Test
  void aBrokenUrlIsAProblemNotALocalFileOfThatName() throws Exception { // #22
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, """
        feeds:
          - url: http://exa mple.com/rss
          - url: feeds/local.xml
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.feeds()).singleElement().satisfies(f -> assertThat(f.url().getScheme()).isEqualTo("file"));
    assertThat(list.problems()).singleElement().asString().startsWith(file + ":2: ").contains("http://exa mple.com/rss");
  }
}
