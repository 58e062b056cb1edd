package io.feedpipe.ingest;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Test fixtures: small real feeds and settings that allow the loopback server. */
final class Feeds {
  private Feeds() {}

  static final String RSS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
           xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel>
          <title>Example News</title>
          <link>https://news.example/</link>
          <language>en-in</language>
          <ttl>15</ttl>
          <item>
            <title>  Monsoon arrives in Kerala  </title>
            <link> https://news.example/monsoon </link>
            <guid isPermaLink="false">story-1</guid>
            <description>Short summary</description>
            <content:encoded><![CDATA[<p>Full <b>body</b> of the story.</p>]]></content:encoded>
            <dc:creator>Staff Reporter</dc:creator>
            <category>India</category>
            <pubDate>Mon, 15 Jan 2024 10:30:00 IST</pubDate>
          </item>
          <item>
            <title>Second story</title>
            <link>https://news.example/second</link>
            <description>Another</description>
            <pubDate>Mon, 15 Jan 2024 09:00:00 +0530</pubDate>
          </item>
        </channel>
      </rss>
      """;

  /** Settings for servers on 127.0.0.1: the loopback allowed, short time-outs, no per-host gap. */
  static SettingValues loopbackValues() {
    return SettingValues.defaults()
        .with(FetchSettings.ALLOWED_ADDRESSES, List.of("127.0.0.1/32"))
        .with(FetchSettings.CONTACT, "ops@example.org")
        .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
        .with(FetchSettings.READ_TIMEOUT, Duration.ofSeconds(2))
        .with(FetchSettings.CALL_TIMEOUT, Duration.ofSeconds(4))
        .with(FetchSettings.PER_HOST_CONCURRENCY, 8)
        .with(FetchSettings.PER_HOST_MIN_GAP, Duration.ZERO);
  }

  static IngestSettings loopbackSettings() {
    return IngestSettings.from(loopbackValues());
  }

  static FeedDefinition feed(URI url) {
    return FeedDefinition.of(url);
  }

  static FeedState initial(FeedDefinition feed) {
    return FeedState.initial(feed.id(), feed.url());
  }
}
