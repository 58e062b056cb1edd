package io.feedpipe.ingest;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How feed content is read. Each component is the setting of the same name below, where its
 * default and rule are written; build it with {@link #from(SettingValues)}.
 *
 * @param zoneAbbreviations time-zone abbreviations in feed dates and the zone each means: {@link
 *     #DEFAULT_ZONE_ABBREVIATIONS} with {@link #ZONE_ABBREVIATIONS} over them; a feed's own {@code
 *     zoneAbbreviations} override these
 * @param futureTolerance {@link #FUTURE_TOLERANCE}: later dates are clamped to the fetch time and flagged
 * @param maxItemsPerFeed {@link #MAX_ITEMS_PER_FEED}: the rest are dropped and the status says so
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

  public static final Setting<Map<String, String>> ZONE_ABBREVIATIONS = Setting.of("parse.zoneAbbreviations",
      SettingType.pairs("comma-separated ABBR=ZONE pairs (e.g. IST=+05:30,PKT=Asia/Karachi)")
          .and(zones -> zones.forEach(ParseSettings::checkZone)),
      Map.of(),
      "Time-zone abbreviations added to (or replacing) the built-in ones, which read `IST` as India (+05:30).");
  public static final Setting<Duration> FUTURE_TOLERANCE = Setting.of("parse.futureTolerance",
      SettingType.nonNegativeDuration(), Duration.ofDays(1),
      "A date later than the fetch time by more than this is clamped and flagged.");
  public static final Setting<Integer> MAX_ITEMS_PER_FEED = Setting.of("parse.maxItemsPerFeed",
      SettingType.integer(1, Integer.MAX_VALUE), 1000,
      "Items read from one poll at most, in feed order; the status says when more were dropped.");

  /** Every {@code parse.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(ZONE_ABBREVIATIONS, FUTURE_TOLERANCE, MAX_ITEMS_PER_FEED);

  public ParseSettings {
    zoneAbbreviations = Map.copyOf(zoneAbbreviations);
    Checks checks = new Checks();
    // one entry at a time, so a message names the bad zone and not the whole table
    zoneAbbreviations.forEach((abbreviation, zone) -> checks.value(ZONE_ABBREVIATIONS, Map.of(abbreviation, zone)));
    checks.value(FUTURE_TOLERANCE, futureTolerance).value(MAX_ITEMS_PER_FEED, maxItemsPerFeed).throwIfAny();
  }

  /** The settings as {@code values} gives them: the built-in abbreviations with {@code parse.zoneAbbreviations} over them. */
  public static ParseSettings from(SettingValues values) {
    Map<String, String> zones = new HashMap<>(DEFAULT_ZONE_ABBREVIATIONS);
    zones.putAll(values.get(ZONE_ABBREVIATIONS));
    return new ParseSettings(zones, values.get(FUTURE_TOLERANCE), values.get(MAX_ITEMS_PER_FEED));
  }

  /** Every setting at its default. */
  public static ParseSettings defaults() {
    return from(SettingValues.defaults());
  }

  private static void checkZone(String abbreviation, String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("the zone of " + abbreviation
          + " must be a zone id such as Asia/Kolkata or an offset such as +05:30", e);
    }
  }
}
