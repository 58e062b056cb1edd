package io.feedpipe.cluster;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.StoryEvents;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Story events as the service publishes them: a feed item, normalized, encoded. */
final class TestEvents {
  static final Normalizer NORMALIZER = Normalizer.withDefaultRules();

  private TestEvents() {}

  /** The event of an item of the feed at {@code feedUrl} with a full body. */
  static byte[] event(String feedUrl, String link, String title, String contentHtml, int revision) {
    return StoryEvents.encode(story(feedUrl, link, title, Optional.empty(), Optional.of(contentHtml)), revision);
  }

  /** The event of a copy on its outlet's feed ({@code https://<host>/feed}). */
  static byte[] event(OutletCopies.Copy copy) {
    return StoryEvents.encode(story(copy), 1);
  }

  static Story story(OutletCopies.Copy copy) {
    return story("https://" + copy.outlet().host() + "/feed", copy.link(), copy.title(),
        Optional.of(copy.summaryHtml()).filter(s -> !s.isEmpty()), Optional.of(copy.contentHtml()).filter(s -> !s.isEmpty()));
  }

  static Story story(String feedUrl, String link, String title, Optional<String> summaryHtml, Optional<String> contentHtml) {
    URI feed = URI.create(feedUrl);
    RawItem item = new RawItem(new FeedInfo(FeedDefinition.idFor(feed), feed, Optional.of("feed")), link,
        Optional.of(link), Optional.of(link), Optional.of(title), summaryHtml, contentHtml, List.of(), List.of(),
        Optional.of("en"), Optional.empty(), Optional.empty(), Instant.parse("2026-12-06T09:00:00Z"), List.of());
    return NORMALIZER.normalize(item);
  }
}
