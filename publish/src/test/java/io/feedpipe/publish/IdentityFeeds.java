package io.feedpipe.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Quality;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import io.feedpipe.model.StoryKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Items of one feed as normalize makes them — story id from feed id and guid, 32 hex digits — for the identity tests (#24). */
final class IdentityFeeds {
  static final String FEED_ID = "feed-24";
  static final URI FEED_URL = URI.create("https://news.example/rss.xml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private IdentityFeeds() {}

  /** The story id normalize gives an item with this identity (guid, else link) in {@link #FEED_ID}. */
  static String storyId(String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((FEED_ID + "\n" + identity).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code storyKey} normalize gives an item with this canonical link: the hash of its key form. */
  static String storyKey(String link) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(StoryKeys.keyForm(link).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An item with a guid; {@code link} as normalize leaves it (canonical: tracking parameters gone). */
  static Story item(String guid, String link, String title, String text, Instant date, Instant fetchedAt) {
    return new Story(storyId(guid), storyKey(link), Optional.of(guid), Optional.of(link),
        new FeedInfo(FEED_ID, FEED_URL, Optional.of("Identity feed")), title, Optional.empty(), List.of(), List.of(),
        Optional.of("en"), Optional.of(date), Optional.empty(), fetchedAt, text, "<p>" + text + "</p>",
        Optional.empty(), Provenance.none(), List.of(), text.split("\\s+").length, "0000000000000000",
        new Quality(Optional.of("pubDate"), Optional.of("link"), Optional.of("guid"), List.of()));
  }

  static JsonNode json(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PollResult poll(List<Story> stories, Instant at) {
    return poll(stories, at, PollOutcome.OK);
  }

  static PollResult poll(List<Story> stories, Instant at, PollOutcome outcome) {
    FeedState state = new FeedState(FEED_ID, FEED_URL, Optional.empty(), Optional.empty(), Optional.empty(),
        SeenStories.empty(), 0, Optional.of(at), Optional.of(at), Optional.of(at.plusSeconds(60)), Optional.empty());
    FeedStatus status = new FeedStatus(FEED_ID, FEED_URL, at, outcome, Optional.of(200), Optional.empty(),
        Optional.empty(), 0, Optional.of(at.plusSeconds(60)), Optional.empty(), List.of());
    return new PollResult(state, stories, List.of(), status);
  }
}
