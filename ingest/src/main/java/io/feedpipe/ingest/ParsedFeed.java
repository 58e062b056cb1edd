package io.feedpipe.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A feed as read, before identities and dates are settled: the library models (Rome's, Jackson's)
 * translated at once into immutable values.
 *
 * @param ttl RSS {@code <ttl>}, a lower bound of the poll interval
 * @param updatePeriod {@code sy:updatePeriod} / {@code sy:updateFrequency}, a lower bound too
 * @param notes what was read leniently (a charset that was not as declared, …)
 */
record ParsedFeed(
    String format,
    Optional<String> title,
    Optional<String> link,
    Optional<String> language,
    List<Entry> entries,
    Optional<Duration> ttl,
    Optional<Duration> updatePeriod,
    List<String> notes) {

  ParsedFeed {
    entries = List.copyOf(entries);
    notes = List.copyOf(notes);
  }

  /**
   * One entry. Dates come both as the raw text (parsed later with the feed's zone abbreviations)
   * and as the library's own reading, used only when no raw text was found.
   */
  record Entry(
      Optional<String> guid,
      Optional<String> link,
      Optional<String> title,
      Optional<String> summary,
      Optional<String> content,
      List<String> authors,
      List<String> categories,
      Optional<String> language,
      Optional<String> rawPublished,
      Optional<String> rawUpdated,
      Optional<Instant> libraryPublished,
      Optional<Instant> libraryUpdated) {

    Entry {
      authors = List.copyOf(authors);
      categories = List.copyOf(categories);
    }
  }
}
