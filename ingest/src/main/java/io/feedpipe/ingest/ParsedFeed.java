package io.feedpipe.ingest;

import io.feedpipe.model.Repair;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A feed as read, before identities and dates are settled: the library models (Rome's, Jackson's)
 * translated at once into immutable values.
 *
 * @param link the feed's link, resolved to an absolute URL when it was relative
 * @param ttl RSS {@code <ttl>}, a lower bound of the poll interval
 * @param updatePeriod {@code sy:updatePeriod} / {@code sy:updateFrequency}, a lower bound too
 * @param notes what was read leniently (a charset that was not as declared, …), for the status message
 * @param repairs what was repaired outside every entry (each entry carries its own)
 * @param unreadable the entries that could not be read, each to become a dead letter
 */
record ParsedFeed(
    String format,
    Optional<String> title,
    Optional<String> link,
    Optional<String> language,
    List<Entry> entries,
    Optional<Duration> ttl,
    Optional<Duration> updatePeriod,
    List<String> notes,
    List<Repair> repairs,
    List<UnreadableEntry> unreadable) {

  ParsedFeed {
    entries = List.copyOf(entries);
    notes = List.copyOf(notes);
    repairs = List.copyOf(repairs);
    unreadable = List.copyOf(unreadable);
  }

  /** The first {@code max} entries, with a note saying how many there were. */
  ParsedFeed firstEntries(int max, String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new ParsedFeed(format, title, link, language, entries.subList(0, max), ttl, updatePeriod, more, repairs,
        unreadable);
  }

  /**
   * One entry. Dates come both as the raw text (parsed later with the feed's zone abbreviations)
   * and as the library's own reading, used only when no raw text was found.
   *
   * @param link absolute when the feed gave a relative link and a base was known
   * @param origin the elements the guid, link and dates were read from
   * @param contentBase the base of relative links inside the summary and content, when it is not
   *     the entry's own link
   * @param repairs what was repaired inside this entry
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
      Optional<Instant> libraryUpdated,
      Origin origin,
      Optional<URI> contentBase,
      List<Repair> repairs) {

    Entry {
      authors = List.copyOf(authors);
      categories = List.copyOf(categories);
      repairs = List.copyOf(repairs);
    }
  }

  /**
   * The names of the elements (or JSON Feed fields) an entry's values came from: {@code guid},
   * {@code id}, {@code rdf:about}; {@code link}, {@code guid} (a permalink), {@code url}, {@code link
   * rel=…}; {@code pubDate}, {@code published}, {@code dc:date}, {@code updated}, {@code
   * date_published}, …
   */
  record Origin(Optional<String> guid, Optional<String> link, Optional<String> published, Optional<String> updated) {
    static final Origin NONE = new Origin(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * An entry that could not be read.
   *
   * @param index its position among the feed's entries
   * @param reason why, for the dead letter
   * @param markup the entry as written in the feed (after repairs), for the dead letter's head
   */
  record UnreadableEntry(int index, String reason, String markup) {}
}
