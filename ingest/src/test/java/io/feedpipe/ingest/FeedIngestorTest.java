package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedIngestorTest {
  private static final Instant NOW = Instant.parse("2024-01-15T06:00:00Z");

  private LocalServer server;
  private FeedIngestor ingestor;

  @BeforeEach
  void start() throws Exception {
    server = new LocalServer();
    ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.fixed(NOW));
  }

  @AfterEach
  void stop() {
    ingestor.close();
    server.close();
  }

  @Test
  void pollsAnRssFeedIntoRawItems() throws Exception {
    server.route("/rss", ex -> LocalServer.send(ex, 200, "application/rss+xml; charset=utf-8", Feeds.RSS));
    FeedDefinition feed = Feeds.feed(server.url("/rss"));

    IngestResult result = ingestor.poll(feed, Feeds.initial(feed));

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.status().httpStatus()).contains(200);
    assertThat(result.items()).hasSize(2);
    RawItem first = result.items().get(0);
    assertThat(first.identity()).isEqualTo("story-1");
    assertThat(first.guid()).contains("story-1");
    assertThat(first.title()).contains("Monsoon arrives in Kerala");
    assertThat(first.link()).contains("https://news.example/monsoon");
    assertThat(first.summaryHtml()).contains("Short summary");
    assertThat(first.contentHtml()).contains("<p>Full <b>body</b> of the story.</p>");
    assertThat(first.authors()).containsExactly("Staff Reporter");
    assertThat(first.categories()).containsExactly("India");
    assertThat(first.language()).contains("en-in");
    assertThat(first.publishedAt()).contains(Instant.parse("2024-01-15T05:00:00Z"));
    assertThat(first.fetchedAt()).isEqualTo(NOW);
    assertThat(first.feed().title()).contains("Example News");
    assertThat(result.items().get(1).identity()).isEqualTo("https://news.example/second");
    assertThat(result.nextState().lastSuccessAt()).contains(NOW);
    assertThat(result.nextState().consecutiveErrors()).isZero();
    assertThat(result.nextState().nextDueAt()).hasValueSatisfying(due ->
        assertThat(Duration.between(NOW, due)).isBetween(Duration.ofMinutes(13), Duration.ofMinutes(17)));
    assertThat(result.status().storiesPublished()).isZero();
    assertThat(result.bytesFetched()).isPositive();
    assertThat(server.exchanges.get(0).userAgent()).isEqualTo("feedpipe/0.1 (+ops@example.org)");
  }

  @Test
  void readsAFileUrlFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("feed.xml");
    Files.writeString(file, Feeds.RSS);
    FeedDefinition feed = Feeds.feed(file.toUri());

    IngestResult result = ingestor.poll(feed, Feeds.initial(feed));

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.items()).hasSize(2);
    IngestResult again = ingestor.poll(feed, result.nextState());
    assertThat(again.status().outcome()).isEqualTo(PollOutcome.NOT_MODIFIED);
  }

  @Test // #16
  void aBrokenEntryIsADeadLetterAndTheOthersAreReadWithLinksResolvedAgainstTheUrlAfterRedirects() throws Exception {
    server.route("/old", ex -> {
      ex.getResponseHeaders().set("Location", "/feeds/new.xml");
      LocalServer.send(ex, 302, "text/plain", "moved");
    });
    server.route("/feeds/new.xml", ex -> LocalServer.send(ex, 200, "application/atom+xml", """
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T&nbsp;News</title>
        <entry><title>One</title><id>1</id><link rel="alternate" href="posts/1.html"/></entry>
        <entry><title>Broken</title><id>2</id><content mode="mystery">?</content></entry>
        <entry><title>Three</title><id>3</id><link rel="alternate" href="/posts/3.html"/></entry>
        </feed>
        """));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ingestor.metrics().bindTo(registry);
    FeedDefinition feed = Feeds.feed(server.url("/old"));

    IngestResult result = ingestor.poll(feed, Feeds.initial(feed));

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.items()).extracting(i -> i.link().orElseThrow()).containsExactly(
        server.url("/feeds/posts/1.html").toString(), server.url("/posts/3.html").toString());
    assertThat(result.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("entry-unreadable");
      assertThat(d.reason()).contains("entry 2").contains("Invalid mode [mystery]");
      assertThat(d.payloadHead()).startsWith("<entry").contains("<title>Broken</title>");
      assertThat(d.payloadSha256()).hasSize(64);
    });
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("1 entry could not be read"));
    assertThat(result.status().repairs()).extracting(Repair::kind).containsExactly("html-entity");
    assertThat(result.items().get(0).quality().repairs()).extracting(Repair::kind)
        .containsExactly("html-entity", "relative-link");
    assertThat(registry.get("feedpipe.ingest.repairs").tag("kind", "relative-link").counter().count()).isEqualTo(2);
    assertThat(registry.get("feedpipe.ingest.repairs").tag("kind", "html-entity").counter().count()).isEqualTo(1);
  }
}
