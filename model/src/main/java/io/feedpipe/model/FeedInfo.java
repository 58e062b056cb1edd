package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The feed a story came from, as it appears in the event ({@code "feed": {"id", "url", "title",
 * "name", "tags"}}).
 *
 * @param id the feed's id (see {@link FeedDefinition#id()}): the key of its feed-status and
 *     dead-letter records
 * @param url the feed's current URL, {@linkplain Redaction#url redacted} as it is made
 * @param title the channel title the feed gives, when it gives one
 * @param name the name the feeds file gives the feed, when it gives one
 * @param tags the tags the feeds file gives the feed
 */
public record FeedInfo(String id, URI url, Optional<String> title, Optional<String> name, List<String> tags) {
  public FeedInfo {
    requireNonNull(id, "id");
    url = Redaction.url(requireNonNull(url, "url"));
    requireNonNull(title, "title");
    requireNonNull(name, "name");
    tags = List.copyOf(tags);
  }

  /** A feed without a name or tags from the feeds file. */
  public FeedInfo(String id, URI url, Optional<String> title) {
    this(id, url, title, Optional.empty(), List.of());
  }

  /** The identity of {@code feed} (id, name, tags) at {@code url}, with the title the feed gives. */
  public static FeedInfo of(FeedDefinition feed, URI url, Optional<String> title) {
    requireNonNull(feed, "feed");
    return new FeedInfo(feed.id(), url, title, feed.name(), feed.tags());
  }
}
