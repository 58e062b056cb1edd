package io.feedpipe.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * feedpipe's one duration grammar, for settings and for the feeds file alike: a number and a unit
 * — {@code 500ms}, {@code 30s}, {@code 10m} or {@code 10min}, {@code 2h}, {@code 1d}; any case, a
 * space allowed before the unit, at most nine digits — or ISO-8601 ({@code PT10M}, {@code P1D}).
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h|d)");

  private Durations() {}

  /**
   * Reads a duration; negative or zero ones are read too (ISO-8601 allows them), a setting's type
   * says whether they are valid.
   *
   * @throws IllegalArgumentException naming the grammar, when the text follows neither form
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text");
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m", "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be a duration such as 30s, 10m (or 10min), 2h, 1d, 500ms or PT10M");
    }
  }

  /**
   * The shortest text {@link #parse} reads back as {@code d}: {@code 10s}, {@code 5m}, {@code 2h},
   * {@code 200ms}, {@code 30d}; a negative or sub-millisecond duration in ISO-8601.
   */
  public static String format(Duration d) {
    requireNonNull(d, "d");
    if (d.isNegative() || d.getNano() % 1_000_000 != 0 || d.getSeconds() > Long.MAX_VALUE / 1000 - 1) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    } else if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
