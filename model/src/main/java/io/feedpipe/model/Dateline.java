package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The dateline that opened the story, for example {@code "Lucknow (Uttar Pradesh) [India], May 19
 * (ANI):"}: place {@code "Lucknow"}, region {@code "Uttar Pradesh"}, country {@code "India"}, date
 * {@code "May 19"}, agency {@code "ANI"}.
 *
 * @param place the place as written, without its region and country ({@code "Lucknow"})
 * @param region the region the dateline names in parentheses after the place ({@code "Uttar
 *     Pradesh"}), when it names one
 * @param country the country the dateline names in square brackets or after a comma ({@code
 *     "India"}; {@code "GAUHATI, India (AP)"}), when it names one
 * @param date the date text as written ({@code "May 19"}), when the dateline has one
 * @param agency the agency named in it ({@code "ANI"}), when it names one
 */
public record Dateline(String place, Optional<String> region, Optional<String> country, Optional<String> date,
    Optional<String> agency) {
  public Dateline {
    requireNonNull(place, "place");
    requireNonNull(region, "region");
    requireNonNull(country, "country");
    requireNonNull(date, "date");
    requireNonNull(agency, "agency");
  }

  /** A dateline naming no region or country. */
  public static Dateline of(String place, Optional<String> date, Optional<String> agency) {
    return new Dateline(place, Optional.empty(), Optional.empty(), date, agency);
  }
}
