package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an item's date, link and identity came from, and what had to be repaired to read it.
 *
 * @param dateSource the element the published date was read from ({@code pubDate}, {@code
 *     published}, {@code dc:date}, {@code updated} when nothing else is given, {@code
 *     date_published}, …), {@code fetched} when the fetch time stands in; empty when the item has
 *     no date
 * @param linkSource where the link came from ({@code link}, {@code guid} for a permalink guid,
 *     {@code url} in JSON Feed, {@code link rel=…} when only another relation was given); empty
 *     without a link
 * @param guidSource where the item's identity came from ({@code guid}, {@code id}, {@code
 *     rdf:about}, {@code link} when there is no guid, {@code derived} when it is a hash of title
 *     and content); empty for an item not read from a feed
 * @param repairs what was repaired, in the order it was found
 */
public record Quality(
    Optional<String> dateSource, Optional<String> linkSource, Optional<String> guidSource, List<Repair> repairs) {

  public Quality {
    requireNonNull(dateSource, "dateSource");
    requireNonNull(linkSource, "linkSource");
    requireNonNull(guidSource, "guidSource");
    repairs = List.copyOf(repairs);
  }

  /** Nothing known and nothing repaired: an item built by hand, not read from a feed. */
  public static Quality unknown() {
    return new Quality(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  /** This quality with {@code more} repairs after its own. */
  public Quality withRepairs(List<Repair> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Repair> all = new ArrayList<>(repairs);
    all.addAll(more);
    return new Quality(dateSource, linkSource, guidSource, all);
  }

  /** This quality with {@code guidSource} as where the item's identity came from. */
  public Quality withGuidSource(String guidSource) {
    return new Quality(dateSource, linkSource, Optional.of(guidSource), repairs);
  }
}
