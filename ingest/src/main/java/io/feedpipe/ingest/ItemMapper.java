package io.feedpipe.ingest;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns parsed entries into {@link RawItem}s: identity (guid, else link, else a hash of title and
 * content; a repeated identity gets {@code #2}, {@code #3}, … so distinct items never collapse) and
 * dates (parsed with the feed's zone abbreviations; an unparseable date keeps its raw text in {@code
 * dateProblems} and the fetch time stands in; a date beyond the fetch time plus {@code
 * parse.futureTolerance} is clamped and flagged). Pure.
 */
final class ItemMapper {
  private ItemMapper() {}

  static List<RawItem> items(ParsedFeed feed, FeedInfo info, Instant fetchedAt, DateParser dates,
      java.time.Duration futureTolerance) {
    List<RawItem> items = new ArrayList<>(feed.entries().size());
    Map<String, Integer> seen = new HashMap<>();
    for (ParsedFeed.Entry e : feed.entries()) {
      String base = e.guid().or(e::link).orElseGet(() -> hash(e.title().orElse("") + "\n"
          + e.content().or(e::summary).orElse("")));
      int n = seen.merge(base, 1, Integer::sum);
      String identity = n == 1 ? base : base + "#" + n;
      List<String> problems = new ArrayList<>();
      Optional<Instant> published = date("published", e.rawPublished(), e.libraryPublished(), fetchedAt, dates,
          futureTolerance, problems, true);
      Optional<Instant> updated = date("updated", e.rawUpdated(), e.libraryUpdated(), fetchedAt, dates,
          futureTolerance, problems, false);
      items.add(new RawItem(info, identity, e.guid(), e.link(), e.title(), e.summary(), e.content(), e.authors(),
          e.categories(), e.language().or(feed::language), published, updated, fetchedAt, problems));
    }
    return items;
  }

  private static Optional<Instant> date(String which, Optional<String> raw, Optional<Instant> library,
      Instant fetchedAt, DateParser dates, java.time.Duration futureTolerance, List<String> problems,
      boolean fallBackToFetchTime) {
    Optional<Instant> instant;
    if (raw.isPresent()) {
      Optional<DateParser.Parsed> parsed = dates.parse(raw.get());
      if (parsed.isEmpty()) {
        problems.add(which + " date '" + raw.get() + "' could not be parsed"
            + (fallBackToFetchTime ? "; the fetch time stands in" : ""));
        return fallBackToFetchTime ? Optional.of(fetchedAt) : Optional.empty();
      }
      parsed.get().warning().ifPresent(w -> problems.add(which + " date '" + raw.get() + "': " + w));
      instant = Optional.of(parsed.get().instant());
    } else {
      instant = library;
    }
    if (instant.isPresent() && instant.get().isAfter(fetchedAt.plus(futureTolerance))) {
      problems.add(which + " date '" + raw.orElse(instant.get().toString()) + "' is in the future (after "
          + fetchedAt + " + parse.futureTolerance " + futureTolerance + "); clamped to the fetch time");
      return Optional.of(fetchedAt);
    }
    return instant;
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
