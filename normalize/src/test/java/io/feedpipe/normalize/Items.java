package io.feedpipe.normalize;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Raw items for tests. */
final class Items {
  static final FeedInfo FEED = new FeedInfo("feed-1", URI.create("https://www.latestly.com/feed"), Optional.of("LatestLY"));
  static final Instant FETCHED = Instant.parse("2026-11-28T12:00:00Z");

  private Items() {}

  static RawItem withBody(String body) {
    return item("https://www.latestly.com/agency-news/story-1.html", "A Story", body);
  }

  static RawItem item(String link, String title, String body) {
    return new RawItem(FEED, link, Optional.of(link), Optional.of(link), Optional.of(title),
        Optional.empty(), Optional.of(body), List.of(), List.of(), Optional.of("en"),
        Optional.empty(), Optional.empty(), FETCHED, List.of());
  }
}
