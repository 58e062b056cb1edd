package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One clean, normalized story: what a subscriber receives, less the {@code revision} that publish
 * assigns. Field names follow the event contract in the design brief.
 *
 * @param id stable id from the feed URL and the item guid (or link when there is no guid): the
 *     story's identity within its feed
 * @param storyKey the story's identity across feeds: a hash of its canonical link (so two feeds
 *     carrying one link share it), or {@code id} when the item has no http(s) link
 * @param guid the item's guid
 * @param url the canonical link, tracking parameters removed
 * @param feed the feed it came from
 * @param title the clean title (may be empty when the item has none)
 * @param summary the clean summary as plain text
 * @param authors cleaned author names
 * @param categories cleaned categories
 * @param language the language tag
 * @param publishedAt when it was published (UTC)
 * @param updatedAt when it was updated (UTC)
 * @param fetchedAt when it was fetched (UTC)
 * @param text the clean body as plain text, paragraphs separated by a blank line
 * @param html the clean body as sanitized HTML
 * @param dateline the dateline, when the body opened with one
 * @param provenance flags, agencies, attributions and their evidence
 * @param removed what was stripped, in document order
 * @param wordCount words in {@code text}
 * @param fingerprint a near-duplicate fingerprint of {@code text} (16 hex digits)
 * @param quality where the date, link and identity came from, and what ingest and normalize had
 *     to repair to read the item
 */
public record Story(
    String id,
    String storyKey,
    Optional<String> guid,
    Optional<String> url,
    FeedInfo feed,
    String title,
    Optional<String> summary,
    List<String> authors,
    List<String> categories,
    Optional<String> language,
    Optional<Instant> publishedAt,
    Optional<Instant> updatedAt,
    Instant fetchedAt,
    String text,
    String html,
    Optional<Dateline> dateline,
    Provenance provenance,
    List<Removal> removed,
    int wordCount,
    String fingerprint,
    Quality quality) {

  public Story {
    requireNonNull(id, "id");
    requireNonNull(storyKey, "storyKey");
    requireNonNull(guid, "guid");
    requireNonNull(url, "url");
    requireNonNull(feed, "feed");
    requireNonNull(title, "title");
    requireNonNull(summary, "summary");
    authors = List.copyOf(authors);
    categories = List.copyOf(categories);
    requireNonNull(language, "language");
    requireNonNull(publishedAt, "publishedAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(fetchedAt, "fetchedAt");
    requireNonNull(text, "text");
    requireNonNull(html, "html");
    requireNonNull(dateline, "dateline");
    requireNonNull(provenance, "provenance");
    removed = List.copyOf(removed);
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(quality, "quality");
  }

  /**
   * This story published under the identity publish found for it: the id and story key of the
   * remembered story it is (the key its first event carried, so {@code stories.unique} sees one
   * story under one key), the date that story keeps, and where its identity came from.
   */
  public Story asPublished(String id, String storyKey, Optional<Instant> publishedAt, Quality quality) {
    return new Story(id, storyKey, guid, url, feed, title, summary, authors, categories, language, publishedAt,
        updatedAt, fetchedAt, text, html, dateline, provenance, removed, wordCount, fingerprint, quality);
  }

  /**
   * A story whose {@code storyKey} is its {@code id}, as for an item without a link (normalize
   * derives the key of a story with one).
   */
  public Story(
      String id,
      Optional<String> guid,
      Optional<String> url,
      FeedInfo feed,
      String title,
      Optional<String> summary,
      List<String> authors,
      List<String> categories,
      Optional<String> language,
      Optional<Instant> publishedAt,
      Optional<Instant> updatedAt,
      Instant fetchedAt,
      String text,
      String html,
      Optional<Dateline> dateline,
      Provenance provenance,
      List<Removal> removed,
      int wordCount,
      String fingerprint,
      Quality quality) {
    this(id, id, guid, url, feed, title, summary, authors, categories, language, publishedAt, updatedAt, fetchedAt,
        text, html, dateline, provenance, removed, wordCount, fingerprint, quality);
  }
}
