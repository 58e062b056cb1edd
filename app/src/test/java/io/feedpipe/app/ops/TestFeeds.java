package io.feedpipe.app.ops;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Quality;
import io.feedpipe.model.Removal;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Model records for the ops tests. */
final class TestFeeds {
  private TestFeeds() {}

  static final URI URL = URI.create("https://news.example/rss");

  static FeedStatus status(PollOutcome outcome) {
    return new FeedStatus("f1", URL, Instant.parse("2026-11-28T12:00:00Z"), outcome, Optional.of(200),
        Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), List.of());
  }

  static FeedState state(String id, int consecutiveErrors, Optional<Instant> lastSuccessAt, Optional<String> disabledReason) {
    return new FeedState(id, URI.create("https://" + id + ".example/rss"), Optional.empty(), Optional.empty(), Optional.empty(), SeenStories.empty(),
        consecutiveErrors, lastSuccessAt, lastSuccessAt, Optional.empty(), disabledReason);
  }

  static Story story(Provenance provenance, List<Removal> removed, Optional<Instant> publishedAt, Instant fetchedAt) {
    return new Story("s1", Optional.of("g1"), Optional.of("https://news.example/a"),
        new FeedInfo("f1", URL, Optional.of("News")), "Title", Optional.empty(), List.of(), List.of(),
        Optional.of("en"), publishedAt, Optional.empty(), fetchedAt, "Body.", "<p>Body.</p>",
        Optional.empty(), provenance, removed, 1, "0123456789abcdef", Quality.unknown());
  }
}
