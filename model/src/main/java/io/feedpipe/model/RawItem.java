package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a feed as ingest read it: the feed's own values, trimmed but not cleaned.
 *
 * <p>HTML stays HTML here ({@code summaryHtml}, {@code contentHtml}); normalize cleans it.
 *
 * @param feed the feed the item came from
 * @param identity the item's identity within its feed, decided by ingest: the guid, else the
 *     link, else a hash of title and content; made unique when a feed repeats a guid for distinct
 *     items. normalize derives the story id from the feed id and this.
 * @param guid the item's guid / Atom id / JSON Feed id, when present
 * @param link the item's link, when present: resolved to an absolute URL when the feed gave a
 *     relative one (not yet canonicalised)
 * @param title the title, possibly with markup or entities
 * @param summaryHtml the description / summary
 * @param contentHtml the full content ({@code content:encoded}, Atom content, JSON Feed content_html)
 * @param authors author names in feed order
 * @param categories category terms in feed order
 * @param language the item's or else the feed's language tag
 * @param publishedAt when the item says it was published
 * @param updatedAt when the item says it was last updated
 * @param fetchedAt when feedpipe fetched the feed
 * @param dateProblems what went wrong reading the item's dates, for example the raw string of a
 *     date that could not be parsed; empty when nothing did
 * @param contentBase the base URI of relative links inside {@code summaryHtml} and {@code
 *     contentHtml} when it is not {@code link}: the {@code xml:base} in scope, or (for an item
 *     without an absolute link) the feed's link, else the URL the feed was fetched from; empty
 *     when the item's own link is the base, or no base is known
 * @param quality where the date, link and identity came from, and what ingest repaired
 */
public record RawItem(
    FeedInfo feed,
    String identity,
    Optional<String> guid,
    Optional<String> link,
    Optional<String> title,
    Optional<String> summaryHtml,
    Optional<String> contentHtml,
    List<String> authors,
    List<String> categories,
    Optional<String> language,
    Optional<Instant> publishedAt,
    Optional<Instant> updatedAt,
    Instant fetchedAt,
    List<String> dateProblems,
    Optional<URI> contentBase,
    Quality quality) {

  public RawItem {
    requireNonNull(feed, "feed");
    requireNonNull(identity, "identity");
    requireNonNull(guid, "guid");
    requireNonNull(link, "link");
    requireNonNull(title, "title");
    requireNonNull(summaryHtml, "summaryHtml");
    requireNonNull(contentHtml, "contentHtml");
    authors = List.copyOf(authors);
    categories = List.copyOf(categories);
    requireNonNull(language, "language");
    requireNonNull(publishedAt, "publishedAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(fetchedAt, "fetchedAt");
    dateProblems = List.copyOf(dateProblems);
    requireNonNull(contentBase, "contentBase");
    requireNonNull(quality, "quality");
  }

  /**
   * An item built by hand rather than read from a feed: its links are read against its own link,
   * and its quality is {@link Quality#unknown()}.
   */
  public RawItem(
      FeedInfo feed,
      String identity,
      Optional<String> guid,
      Optional<String> link,
      Optional<String> title,
      Optional<String> summaryHtml,
      Optional<String> contentHtml,
      List<String> authors,
      List<String> categories,
      Optional<String> language,
      Optional<Instant> publishedAt,
      Optional<Instant> updatedAt,
      Instant fetchedAt,
      List<String> dateProblems) {
    this(feed, identity, guid, link, title, summaryHtml, contentHtml, authors, categories, language, publishedAt,
        updatedAt, fetchedAt, dateProblems, Optional.empty(), Quality.unknown());
  }
}
