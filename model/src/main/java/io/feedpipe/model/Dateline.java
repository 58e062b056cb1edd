package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The dateline that opened the story, for example {@code "Lucknow (Uttar Pradesh) [India], May 19
 * (ANI):"}.
 *
 * @param place the place as written ({@code "Lucknow (Uttar Pradesh) [India]"})
 * @param date the date text as written ({@code "May 19"}), when the dateline has one
 * @param agency the agency named in it ({@code "ANI"}), when it names one
 */
public record Dateline(String place, Optional<String> date, Optional<String> agency) {
  public Dateline {
    requireNonNull(place, "place");
    requireNonNull(date, "date");
    requireNonNull(agency, "agency");
  }
}
