package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A feed as the operator configured it.
 *
 * @param id stable identity of the feed: the key of its feed-state and feed-status records
 * @param url where to fetch it: {@code http}, {@code https} or {@code file}
 * @param name a human name, when given
 * @param tags free-form labels from the feeds file
 * @param interval the poll interval, when overridden for this feed
 * @param zoneAbbreviations time-zone abbreviations this feed's dates use (for example {@code IST ->
 *     Asia/Kolkata}), overriding the defaults
 */
public record FeedDefinition(
    String id,
    URI url,
    Optional<String> name,
    List<String> tags,
    Optional<Duration> interval,
    Map<String, String> zoneAbbreviations) {

  public FeedDefinition {
    requireNonNull(id, "id");
    requireNonNull(url, "url");
    requireNonNull(name, "name");
    tags = List.copyOf(tags);
    requireNonNull(interval, "interval");
    zoneAbbreviations = Map.copyOf(zoneAbbreviations);
    if (id.isBlank()) {
      throw new IllegalArgumentException("feed id must not be blank");
    }
  }

  /** A feed known only by its URL; its id is derived from the URL. */
  public static FeedDefinition of(URI url) {
    return new FeedDefinition(idFor(url), url, Optional.empty(), List.of(), Optional.empty(), Map.of());
  }

  /** The id feedpipe derives from a feed URL when the feeds file gives none: 16 hex digits of its SHA-256. */
  public static String idFor(URI url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
