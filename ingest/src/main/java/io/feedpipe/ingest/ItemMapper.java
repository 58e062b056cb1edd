package io.feedpipe.ingest;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.Quality;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
 * dates (parsed with the feed's zone abbreviations, to the precision given; without a published
 * date the updated one stands in; an unparseable published date keeps its raw text in {@code
 * dateProblems} and the fetch time stands in; a date beyond the fetch time plus {@code
 * parse.futureTolerance} is clamped and flagged). Each item's {@link Quality} says where its date,
 * link and identity came from and lists what was repaired: the feed's own repairs first (their
 * {@code where} prefixed with {@code feed/}: the item was read from the repaired document), then its
 * own. Pure.
 */
final class ItemMapper {
  private ItemMapper() {}

  static List<RawItem> items(ParsedFeed feed, FeedInfo info, Instant fetchedAt, DateParser dates,
      Duration futureTolerance) {
    List<RawItem> items = new ArrayList<>(feed.entries().size());
    Map<String, Integer> seen = new HashMap<>();
    List<Repair> feedRepairs = feed.repairs().stream().map(ItemMapper::onTheFeed).toList();
    for (ParsedFeed.Entry e : feed.entries()) {
      List<Repair> repairs = new ArrayList<>(feedRepairs);
      repairs.addAll(e.repairs());
      String base = e.guid().or(e::link).orElseGet(() -> hash(e.title().orElse("") + "\n"
          + e.content().or(e::summary).orElse("")));
      String guidSource = e.guid().isPresent() ? e.origin().guid().orElse("guid")
          : e.link().isPresent() ? "link" : "derived";
      int n = seen.merge(base, 1, Integer::sum);
      String identity = n == 1 ? base : base + "#" + n;
      if (n > 1) {
        repairs.add(Repair.of("duplicate-id", guidSource, "the feed gives " + base + " to " + n
            + " items; this one is " + identity));
      }
      List<String> problems = new ArrayList<>();
      Dated published = date("published", e.rawPublished(), e.libraryPublished(), e.origin().published(), fetchedAt,
          dates, futureTolerance, problems, repairs, true);
      Dated updated = date("updated", e.rawUpdated(), e.libraryUpdated(), e.origin().updated(), fetchedAt, dates,
          futureTolerance, problems, repairs, false);
      if (published.instant().isEmpty()) {
        published = updated; // Atom's updated is the published time when nothing else is given
      }
      Quality quality = new Quality(published.source(), e.origin().link(), Optional.of(guidSource), repairs);
      items.add(new RawItem(info, identity, e.guid(), e.link(), e.title(), e.summary(), e.content(), e.authors(),
          e.categories(), e.language().or(feed::language), published.instant(), updated.instant(), fetchedAt, problems,
          e.contentBase(), quality));
    }
    return items;
  }

  /** A repair of the feed as its items carry it: they were read from the repaired document too. */
  static Repair onTheFeed(Repair repair) {
    return new Repair(repair.kind(), FEED_PREFIX + repair.where(), repair.detail(), repair.originalSize());
  }

  /** What {@code where} of a feed-level repair starts with on an item. */
  static final String FEED_PREFIX = "feed/";

  /** A date and the element it was read from ({@code fetched} when the fetch time stands in). */
  private record Dated(Optional<Instant> instant, Optional<String> source) {}

  private static Dated date(String which, Optional<String> raw, Optional<Instant> library, Optional<String> element,
      Instant fetchedAt, DateParser dates, Duration futureTolerance, List<String> problems, List<Repair> repairs,
      boolean fallBackToFetchTime) {
    Optional<Instant> instant;
    String where = element.orElse(which);
    if (raw.isPresent()) {
      Optional<DateParser.Parsed> parsed = dates.parse(raw.get());
      if (parsed.isEmpty()) {
        problems.add(which + " date '" + raw.get() + "' could not be parsed"
            + (fallBackToFetchTime ? "; the fetch time stands in" : ""));
        repairs.add(Repair.of("unparseable-date", where, "'" + raw.get() + "' could not be read as a date"
            + (fallBackToFetchTime ? "; the fetch time stands in" : "")));
        return fallBackToFetchTime ? new Dated(Optional.of(fetchedAt), Optional.of("fetched"))
            : new Dated(Optional.empty(), Optional.empty());
      }
      parsed.get().warning().ifPresent(w -> {
        problems.add(which + " date '" + raw.get() + "': " + w);
        repairs.add(Repair.of("unknown-zone", where, "'" + raw.get() + "': " + w));
      });
      instant = Optional.of(parsed.get().instant());
    } else {
      instant = library;
    }
    if (instant.isPresent() && instant.get().isAfter(fetchedAt.plus(futureTolerance))) {
      String message = which + " date '" + raw.orElse(instant.get().toString()) + "' is in the future (after "
          + fetchedAt + " + parse.futureTolerance " + futureTolerance + "); clamped to the fetch time";
      problems.add(message);
      repairs.add(Repair.of("future-date", where, message));
      return new Dated(Optional.of(fetchedAt), element);
    }
    return new Dated(instant, instant.isPresent() ? element.or(() -> Optional.of(which)) : Optional.empty());
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
