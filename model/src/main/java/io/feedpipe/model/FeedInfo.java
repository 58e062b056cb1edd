package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * The feed a story came from, as it appears in the event ({@code "feed": {"url", "title"}}).
 *
 * @param id the feed's id (see {@link FeedDefinition#id()})
 * @param url the feed's current URL, {@linkplain Redaction#url redacted} as it is made
 * @param title the channel title the feed gives, when it gives one
 */
public record FeedInfo(String id, URI url, Optional<String> title) {
  public FeedInfo {
    requireNonNull(id, "id");
    url = Redaction.url(requireNonNull(url, "url"));
    requireNonNull(title, "title");
  }
}
