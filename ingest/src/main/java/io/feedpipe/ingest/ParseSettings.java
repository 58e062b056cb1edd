package io.feedpipe.ingest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * How feed content is read.
 *
 * @param zoneAbbreviations time-zone abbreviations in feed dates and the zone each means ({@code
 *     parse.zoneAbbreviations}); a feed's own {@code zoneAbbreviations} override these. The default
 *     reads the South Asian abbreviations as news feeds use them: {@code IST} is India Standard Time
 *     (+05:30), not Israel's.
 * @param futureTolerance a date later than the fetch time by more than this is clamped to the fetch
 *     time and flagged ({@code parse.futureTolerance}, default 1 day)
 * @param maxItemsPerFeed items read from one poll at most, in feed order; the rest are dropped and
 *     the status says so ({@code parse.maxItemsPerFeed}, default 1000)
 */
public record ParseSettings(Map<String, String> zoneAbbreviations, Duration futureTolerance, int maxItemsPerFeed) {

  /** The default abbreviations: South Asian zones first, then the usual North American and European ones. */
  public static final Map<String, String> DEFAULT_ZONE_ABBREVIATIONS = Map.ofEntries(
      Map.entry("IST", "+05:30"),
      Map.entry("PKT", "+05:00"),
      Map.entry("NPT", "+05:45"),
      Map.entry("SLST", "+05:30"),
      Map.entry("BDT", "+06:00"),
      Map.entry("BTT", "+06:00"),
      Map.entry("MVT", "+05:00"),
      Map.entry("AFT", "+04:30"),
      Map.entry("MMT", "+06:30"),
      Map.entry("SGT", "+08:00"),
      Map.entry("HKT", "+08:00"),
      Map.entry("JST", "+09:00"),
      Map.entry("KST", "+09:00"),
      Map.entry("AEST", "+10:00"),
      Map.entry("AEDT", "+11:00"),
      Map.entry("CET", "+01:00"),
      Map.entry("CEST", "+02:00"),
      Map.entry("EET", "+02:00"),
      Map.entry("EEST", "+03:00"),
      Map.entry("WET", "+00:00"),
      Map.entry("WEST", "+01:00"),
      Map.entry("BST", "+01:00"),
      Map.entry("MSK", "+03:00"),
      Map.entry("GST", "+04:00"),
      Map.entry("AST", "-04:00"),
      Map.entry("ADT", "-03:00"),
      Map.entry("HST", "-10:00"),
      Map.entry("AKST", "-09:00"),
      Map.entry("AKDT", "-08:00"),
      Map.entry("NZST", "+12:00"),
      Map.entry("NZDT", "+13:00"));

  public ParseSettings {
    zoneAbbreviations = Map.copyOf(zoneAbbreviations);
    zoneAbbreviations.forEach((abbreviation, zone) -> checkZone("parse.zoneAbbreviations." + abbreviation, zone));
    Settings.notNegative(futureTolerance, "parse.futureTolerance");
    Settings.check(maxItemsPerFeed >= 1, maxItemsPerFeed, "parse.maxItemsPerFeed", "must be at least 1");
  }

  /** Zones and tolerance, with the default {@code parse.maxItemsPerFeed} (1000). */
  public ParseSettings(Map<String, String> zoneAbbreviations, Duration futureTolerance) {
    this(zoneAbbreviations, futureTolerance, 1000);
  }

  /** The defaults listed on each component. */
  public static ParseSettings defaults() {
    return new ParseSettings(DEFAULT_ZONE_ABBREVIATIONS, Duration.ofDays(1), 1000);
  }

  static void checkZone(String key, String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Invalid value " + zone + " for configuration " + key
          + ": must be a zone id such as Asia/Kolkata or an offset such as +05:30", e);
    }
  }
}
