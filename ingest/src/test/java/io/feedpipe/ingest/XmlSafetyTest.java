package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.PollOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DOCTYPEs, external entities and entity expansion are refused, by the JDK's own parser. */
class XmlSafetyTest {
  private static final String BILLION_LAUGHS = """
      <?xml version="1.0"?>
      <!DOCTYPE lolz [
        <!ENTITY lol "lol">
        <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
        <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
        <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
        <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
        <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
      ]>
      <rss version="2.0"><channel><title>&lol9;</title>
      <item><title>&lol9;</title><link>https://x.example/1</link></item></channel></rss>
      """;

  @Test
  void theParserIsTheJdksOwn() throws Exception {
    assertThat(SafeXml.newReader().getClass().getName()).startsWith("com.sun.org.apache.xerces.internal");
  }

  @Test
  void aBillionLaughsFeedIsRefusedQuickly() {
    long t0 = System.nanoTime();
    ParseOutcome outcome = new FeedParser().parse(BILLION_LAUGHS.getBytes(StandardCharsets.UTF_8), Optional.empty());

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class, u -> {
      assertThat(u.kind()).isEqualTo("xml");
      assertThat(u.message()).containsIgnoringCase("DOCTYPE");
    });
  }

  @Test
  void anXxeFeedNeverReachesItsCanary() throws Exception {
    try (LocalServer server = new LocalServer();
        FeedIngestor ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.system())) {
      server.route("/canary", ex -> LocalServer.send(ex, 200, "text/plain", "SECRET"));
      String xxe = """
          <?xml version="1.0"?>
          <!DOCTYPE rss [
            <!ENTITY xxe SYSTEM "%s">
            <!ENTITY %% remote SYSTEM "%s">
            %%remote;
          ]>
          <rss version="2.0"><channel><title>&xxe;</title>
          <item><title>&xxe;</title><link>https://x.example/1</link></item></channel></rss>
          """.formatted(server.url("/canary"), server.url("/canary?param"));
      server.route("/xxe", ex -> LocalServer.send(ex, 200, "application/rss+xml", xxe));
      FeedDefinition feed = Feeds.feed(server.url("/xxe"));

      IngestResult result = ingestor.poll(feed, Feeds.initial(feed));

      assertThat(result.status().outcome()).isEqualTo(PollOutcome.PARSE_ERROR);
      assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).containsIgnoringCase("DOCTYPE"));
      assertThat(result.items()).isEmpty();
      assertThat(result.deadLetters()).hasSize(1);
      assertThat(server.requests).containsExactly("/xxe");
    }
  }

  @Test
  void anXxeFileFeedReadsNoLocalFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path secret = dir.resolve("secret.txt");
    java.nio.file.Files.writeString(secret, "TOP-SECRET");
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "%s">]>
        <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
        """.formatted(secret.toUri());

    ParseOutcome outcome = new FeedParser().parse(xxe.getBytes(StandardCharsets.UTF_8), Optional.empty());

    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class,
        u -> assertThat(u.message()).doesNotContain("TOP-SECRET").containsIgnoringCase("DOCTYPE"));
  }

  @Test
  void aDoctypeThatOnlyNamesAnExternalDtdIsDroppedNotLoaded() {
    String rss091 = """
        <?xml version="1.0"?>
        <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://127.0.0.1:9/rss-0.91.dtd">
        <rss version="0.91"><channel><title>Old&nbsp;feed</title><link>https://x.example/</link>
        <description>d</description><language>en</language>
        <item><title>One</title><link>https://x.example/1</link></item></channel></rss>
        """;

    ParseOutcome outcome = new FeedParser().parse(rss091.getBytes(StandardCharsets.UTF_8), Optional.empty());

    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Parsed.class,
        p -> assertThat(p.feed().title()).contains("Old\u00a0feed"));
  }
}
