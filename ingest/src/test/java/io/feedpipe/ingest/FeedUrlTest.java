package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.SeenStories;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #18: one truth for where a feed is fetched — its configured URL, or where a 301 moved it — so
 * that a URL changed in the feeds file (same {@code id:}) takes effect, and a 301 still holds.
 */
class FeedUrlTest {
  private static final Instant NOW = Instant.parse("2024-01-15T06:00:00Z");

  private LocalServer server;
  private FeedIngestor ingestor;

  @BeforeEach
  void start() throws Exception {
    server = new LocalServer();
    ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.fixed(NOW));
    server.route("/old", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));
    server.route("/new", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));
    server.route("/moving", ex -> redirect(ex, "/new"));
    server.route("/gone", ex -> LocalServer.send(ex, 410, null, new byte[0]));
  }

  @AfterEach
  void stop() {
    ingestor.close();
    server.close();
  }

  private FeedDefinition feed(String path) {
    return new FeedDefinition("news", server.url(path), Optional.of("News"), List.of(), Optional.empty(), Map.of());
  }

  @Test
  void aUrlChangedInTheFeedsFileForAFeedWithAnIdIsFetchedFromTheNextPollOn() throws Exception { // #18
    IngestResult before = ingestor.poll(feed("/old"), FeedState.initial("news", server.url("/old")));

    IngestResult after = ingestor.poll(feed("/new"), before.nextState());

    assertThat(server.requests).containsExactly("/old", "/new");
    assertThat(after.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(after.nextState().url()).isEqualTo(server.url("/new"));
    assertThat(after.status().url()).isEqualTo(server.url("/new"));
  }

  @Test
  void aDisabledFeedWhoseUrlWasChangedIsPolledAgainAtTheNewUrl() throws Exception { // #18
    IngestResult gone = ingestor.poll(feed("/gone"), FeedState.initial("news", server.url("/gone")));
    assertThat(gone.nextState().disabledReason()).isPresent();

    IngestResult after = ingestor.poll(feed("/new"), gone.nextState());

    assertThat(after.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(after.nextState().disabledReason()).isEmpty();
    assertThat(after.items()).hasSize(2);
  }

  @Test
  void aFeedMovedByAPermanentRedirectStaysWhereItWasMovedAndRemembersFromWhere() throws Exception {
    FeedDefinition feed = feed("/moving");
    IngestResult first = ingestor.poll(feed, FeedState.initial("news", feed.url()));

    IngestResult second = ingestor.poll(feed, first.nextState());

    assertThat(server.requests).containsExactly("/moving", "/new", "/new");
    assertThat(second.nextState().url()).isEqualTo(server.url("/new"));
    assertThat(second.nextState().movedFrom()).contains(server.url("/moving"));
    assertThat(second.nextState().urlFor(feed)).isEqualTo(server.url("/new"));
  }

  @Test
  void aChangedUrlDropsTheOldUrlsValidatorsAndBackOffButKeepsTheSeenStories() {
    URI old = server.url("/old");
    FeedState failing = new FeedState("news", old, Optional.empty(), Optional.of("\"v7\""), Optional.of("yesterday"),
        SeenStories.builder().put(SeenStories.idHash("news-1"), 7, 2, NOW).build(), 4, Optional.of(NOW), Optional.empty(), Optional.of(NOW.plusSeconds(3600)), Optional.empty());

    FeedState moved = failing.configuredAs(feed("/new"));

    assertThat(moved.url()).isEqualTo(server.url("/new"));
    assertThat(moved.etag()).isEmpty();
    assertThat(moved.lastModified()).isEmpty();
    assertThat(moved.consecutiveErrors()).isZero();
    assertThat(moved.nextDueAt()).as("due at once").isEmpty();
    assertThat(moved.seen()).isEqualTo(failing.seen());
    assertThat(failing.configuredAs(feed("/old"))).isSameAs(failing);
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    LocalServer.send(ex, 301, null, new byte[0]);
  }
}
