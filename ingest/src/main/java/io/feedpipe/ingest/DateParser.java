package io.feedpipe.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates feeds actually contain: RFC 822 and its deviations (no day name, full month
 * names, two-digit years, missing seconds or time, commas in odd places, {@code GMT+hh:mm}),
 * asctime and JavaScript's {@code Date.toString()}, ISO 8601 / W3C-DTF with reduced precision,
 * spaces, fractions of a second (kept, to the nanosecond) and offsets without colons, and a few
 * localised forms (Korean, Greek, Hungarian). Zone abbreviations come from a map the caller gives (per feed, over {@code
 * parse.zoneAbbreviations}) before the built-in North American ones; a time without a zone is UTC.
 * Pure and thread-safe.
 */
final class DateParser {

  /** A parsed instant, and a warning when part of the text had to be guessed. */
  record Parsed(Instant instant, Optional<String> warning) {}

  private static final Map<String, ZoneOffset> BUILT_IN = Map.ofEntries(
      Map.entry("UT", ZoneOffset.UTC), Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC),
      Map.entry("Z", ZoneOffset.UTC), Map.entry("ETC/GMT", ZoneOffset.UTC), Map.entry("ETC/UTC", ZoneOffset.UTC),
      Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
      Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
      Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
      Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
      Map.entry("AT", ZoneOffset.ofHours(-4)), Map.entry("ET", ZoneOffset.ofHours(-5)),
      Map.entry("CT", ZoneOffset.ofHours(-6)), Map.entry("MT", ZoneOffset.ofHours(-7)),
      Map.entry("PT", ZoneOffset.ofHours(-8)), Map.entry("MET", ZoneOffset.ofHours(1)),
      Map.entry("MEST", ZoneOffset.ofHours(2)), Map.entry("KST", ZoneOffset.ofHours(9)));

  private static final Map<String, Integer> MONTHS = new HashMap<>();
  private static final Map<String, String> TRANSLATIONS = new HashMap<>();

  static {
    String[] en = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    String[] full = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december"};
    for (int i = 0; i < 12; i++) {
      MONTHS.put(en[i], i + 1);
      MONTHS.put(full[i], i + 1);
    }
    MONTHS.put("sept", 9);
    String[] greekMonths = {"Ιαν", "Φεβ", "Μάώ", "Μαώ", "Απρ", "Μάι", "Μαϊ", "Μαι", "Ιούν", "Ιον", "Ιούλ", "Ιολ",
        "Αύγ", "Αυγ", "Σεπ", "Οκτ", "Νοέ", "Νοε", "Δεκ"};
    String[] greekEn = {"Jan", "Feb", "Mar", "Mar", "Apr", "May", "May", "May", "Jun", "Jun", "Jul", "Jul",
        "Aug", "Aug", "Sep", "Oct", "Nov", "Nov", "Dec"};
    for (int i = 0; i < greekMonths.length; i++) {
      TRANSLATIONS.put(greekMonths[i], greekEn[i]);
    }
    String[] greekDays = {"Κυρ", "Δευ", "Τρι", "Τετ", "Πεμ", "Παρ", "Σαβ"};
    String[] days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    for (int i = 0; i < 7; i++) {
      TRANSLATIONS.put(greekDays[i], days[i]);
    }
    String[] hungarian = {"január", "február", "március", "április", "május", "június", "július", "augusztus",
        "szeptember", "október", "november", "december"};
    for (int i = 0; i < 12; i++) {
      TRANSLATIONS.put(hungarian[i], String.format(Locale.ROOT, "%02d", i + 1));
    }
  }

  private static final Pattern DAY_NAME = Pattern.compile(
      "(?i)^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|sday|urday)?\\.?$");
  private static final Pattern TIME = Pattern.compile("^(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?$");
  private static final Pattern OFFSET = Pattern.compile("^(?:GMT|UTC|UT)?([+-])(\\d{1,2})(?::?(\\d{2}))?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SLASHED = Pattern.compile("^(\\d{4})/(\\d{1,2})/(\\d{1,2})$");
  private static final Pattern ISO = Pattern.compile(
      "^(\\d{4})(?:-(\\d{1,3})(?:-(\\d{1,2}))?)?"
          + "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
          + "(?:\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?|[A-Za-z]{1,5}))?)?$");
  private static final Pattern ISO_BASIC = Pattern.compile(
      "^(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(?:(\\d{2})(?:[.,](\\d+))?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?$");
  private static final Pattern YYMMDD = Pattern.compile("^(\\d{2})-?(\\d{2})-?(\\d{2})$");
  private static final Pattern DASH_YYMM = Pattern.compile("^-(\\d{2})-?(\\d{2})$");
  private static final Pattern YYOOO = Pattern.compile("^(\\d{2})(\\d{3})$");
  private static final Pattern KOREAN_ONBLOG = Pattern.compile(
      "^(\\d{4})년\\s*(\\d{1,2})월\\s*(\\d{1,2})일\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$");
  private static final Pattern KOREAN_NATE = Pattern.compile(
      "^(\\d{4})-(\\d{1,2})-(\\d{1,2})\\s+(오전|오후)\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$");

  /** RFC 1123 exactly as most feeds write it; anything else takes the general path. */
  private static final Pattern RFC_1123 = Pattern.compile("^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) "
      + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) (GMT|[+-]\\d{4})$");
  // String.split/replaceAll/matches would compile these on every call; dates are parsed per item.
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
  private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[\\s,]+");
  private static final Pattern TRAILING_DOT = Pattern.compile("\\.$");
  private static final Pattern DIGITS_1_TO_4 = Pattern.compile("\\d{1,4}");
  private static final Pattern ZONE_NAME = Pattern.compile("[A-Za-z][A-Za-z/]{0,9}");
  private static final Pattern ZONE_ABBREVIATION = Pattern.compile("[A-Za-z]{2,5}");

  private final Map<String, ZoneId> abbreviations;

  /** @param abbreviations zone abbreviation (any case) to zone id or offset, consulted before the built-ins */
  DateParser(Map<String, String> abbreviations) {
    Map<String, ZoneId> m = new HashMap<>();
    abbreviations.forEach((k, v) -> {
      try {
        m.put(k.toUpperCase(Locale.ROOT), ZoneId.of(v));
      } catch (DateTimeException e) {
        // FeedsFile and ParseSettings report invalid zones; one that slips through is ignored here.
      }
    });
    this.abbreviations = Map.copyOf(m);
  }

  Optional<Parsed> parse(String raw) {
    String s = WHITESPACE_RUN.matcher(raw.strip()).replaceAll(" ");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      Matcher canonical = RFC_1123.matcher(s);
      if (canonical.matches()) {
        return rfc1123(canonical);
      }
      Optional<Parsed> korean = korean(s);
      if (korean.isPresent()) {
        return korean;
      }
      String translated = translate(s);
      Optional<Parsed> iso = iso(translated);
      return iso.isPresent() ? iso : rfc822(translated);
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The form nearly every RSS feed writes ({@code Tue, 28 Nov 2026 12:00:00 GMT}), read directly:
   * the same result as the general path below (which ignores the day name too), without its
   * dozen regex matches and translations per date.
   */
  private Optional<Parsed> rfc1123(Matcher m) {
    LocalDate date = LocalDate.of(i(m.group(3)), MONTHS.get(m.group(2).toLowerCase(Locale.ROOT)), i(m.group(1)));
    LocalTime time = LocalTime.of(i(m.group(4)), i(m.group(5)), i(m.group(6)));
    return zoned(LocalDateTime.of(date, time), Optional.of(m.group(7)));
  }

  private static String translate(String s) {
    String out = s;
    for (Map.Entry<String, String> e : TRANSLATIONS.entrySet()) {
      if (out.contains(e.getKey())) {
        out = out.replace(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private Optional<Parsed> korean(String s) {
    Matcher m = KOREAN_ONBLOG.matcher(s);
    ZoneOffset kst = ZoneOffset.ofHours(9);
    if (m.matches()) {
      LocalDateTime t = LocalDateTime.of(i(m.group(1)), i(m.group(2)), i(m.group(3)), i(m.group(4)), i(m.group(5)),
          m.group(6) == null ? 0 : i(m.group(6)));
      return Optional.of(new Parsed(t.toInstant(kst), Optional.empty()));
    }
    m = KOREAN_NATE.matcher(s);
    if (m.matches()) {
      int hour = i(m.group(5)) % 12 + (m.group(4).equals("오후") ? 12 : 0);
      LocalDateTime t = LocalDateTime.of(i(m.group(1)), i(m.group(2)), i(m.group(3)), hour, i(m.group(6)),
          m.group(7) == null ? 0 : i(m.group(7)));
      return Optional.of(new Parsed(t.toInstant(kst), Optional.empty()));
    }
    return Optional.empty();
  }

  private Optional<Parsed> iso(String s) {
    Matcher m = ISO.matcher(s);
    if (m.matches()) {
      int year = i(m.group(1));
      LocalDate date;
      if (m.group(2) != null && m.group(3) == null && m.group(2).length() == 3) {
        date = LocalDate.ofYearDay(year, i(m.group(2)));
      } else {
        date = LocalDate.of(year, m.group(2) == null ? 1 : i(m.group(2)), m.group(3) == null ? 1 : i(m.group(3)));
      }
      LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT
          : LocalTime.of(i(m.group(4)), i(m.group(5)), m.group(6) == null ? 0 : i(m.group(6)), nanos(m.group(7)));
      return zoned(LocalDateTime.of(date, time), Optional.ofNullable(m.group(8)));
    }
    m = ISO_BASIC.matcher(s);
    if (m.matches()) {
      LocalDate date = LocalDate.of(i(m.group(1)), i(m.group(2)), i(m.group(3)));
      LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT
          : LocalTime.of(i(m.group(4)), i(m.group(5)), m.group(6) == null ? 0 : i(m.group(6)), nanos(m.group(7)));
      return zoned(LocalDateTime.of(date, time), Optional.ofNullable(m.group(8)));
    }
    // ISO 8601's two-digit-year forms (YYMMDD, YY-MM-DD, -YYMM, -YY-MM, YYOOO), years 2000-2099.
    m = YYMMDD.matcher(s);
    if (m.matches()) {
      return utc(LocalDate.of(2000 + i(m.group(1)), i(m.group(2)), i(m.group(3))));
    }
    m = DASH_YYMM.matcher(s);
    if (m.matches()) {
      return utc(LocalDate.of(2000 + i(m.group(1)), i(m.group(2)), 1));
    }
    m = YYOOO.matcher(s);
    if (m.matches()) {
      return utc(LocalDate.ofYearDay(2000 + i(m.group(1)), i(m.group(2))));
    }
    return Optional.empty();
  }

  private static Optional<Parsed> utc(LocalDate date) {
    return Optional.of(new Parsed(date.atStartOfDay().toInstant(ZoneOffset.UTC), Optional.empty()));
  }

  private Optional<Parsed> rfc822(String s) {
    List<String> tokens = new ArrayList<>();
    for (String t : TOKEN_SEPARATORS.split(s)) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    Integer day = null;
    Integer month = null;
    Integer year = null;
    LocalTime time = null;
    String zone = null;
    for (int k = 0; k < tokens.size(); k++) {
      String t = tokens.get(k);
      String lower = TRAILING_DOT.matcher(t.toLowerCase(Locale.ROOT)).replaceAll("");
      Matcher m;
      if (k == 0 && DAY_NAME.matcher(t).matches()) {
        continue;
      }
      if (month == null && MONTHS.containsKey(lower)) {
        month = MONTHS.get(lower);
      } else if (time == null && (m = TIME.matcher(t)).matches()) {
        time = LocalTime.of(i(m.group(1)), i(m.group(2)), m.group(3) == null ? 0 : i(m.group(3)), nanos(m.group(4)));
      } else if (day == null && month == null && year == null && (m = SLASHED.matcher(t)).matches()) {
        year = i(m.group(1));
        month = i(m.group(2));
        day = i(m.group(3));
      } else if (DIGITS_1_TO_4.matcher(t).matches() && !(time != null && zone == null && t.length() == 4 && year != null)) {
        int v = i(t);
        if (t.length() <= 2 && day == null && (month == null || year == null)) {
          if (year == null && month != null && day != null) {
            year = v;
          } else {
            day = v;
          }
        } else if (year == null) {
          year = t.length() == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
        } else {
          return Optional.empty();
        }
      } else if (zone == null && time != null && (OFFSET.matcher(t).matches() || ZONE_NAME.matcher(t).matches())) {
        zone = t;
      } else {
        return Optional.empty();
      }
    }
    if (day == null || month == null || year == null) {
      return Optional.empty();
    }
    LocalDateTime local = LocalDateTime.of(LocalDate.of(year, month, day), time == null ? LocalTime.MIDNIGHT : time);
    return zoned(local, Optional.ofNullable(zone));
  }

  private Optional<Parsed> zoned(LocalDateTime local, Optional<String> zone) {
    if (zone.isEmpty()) {
      return Optional.of(new Parsed(local.toInstant(ZoneOffset.UTC), Optional.empty()));
    }
    String z = zone.get();
    Matcher m = OFFSET.matcher(z);
    if (m.matches()) {
      int hours = i(m.group(2));
      int minutes = m.group(3) == null ? 0 : i(m.group(3));
      if (hours > 18 || minutes > 59) {
        return Optional.empty();
      }
      int sign = m.group(1).equals("-") ? -1 : 1;
      ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      return Optional.of(new Parsed(local.toInstant(offset), Optional.empty()));
    }
    String upper = z.toUpperCase(Locale.ROOT);
    ZoneId id = abbreviations.get(upper);
    if (id != null) {
      return Optional.of(new Parsed(local.atZone(id).toInstant(), Optional.empty()));
    }
    ZoneOffset builtIn = BUILT_IN.get(upper);
    if (builtIn != null) {
      return Optional.of(new Parsed(local.toInstant(builtIn), Optional.empty()));
    }
    if (!ZONE_ABBREVIATION.matcher(z).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(local.toInstant(ZoneOffset.UTC),
        Optional.of("unknown time-zone abbreviation '" + z + "' read as UTC (set zoneAbbreviations for this feed)")));
  }

  private static int i(String s) {
    return Integer.parseInt(s);
  }

  /** A decimal fraction of a second as nanoseconds: its first nine digits, as given ({@code .5} is 500 ms). */
  private static int nanos(@org.jspecify.annotations.Nullable String fraction) {
    if (fraction == null) {
      return 0;
    }
    String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : fraction + "000000000".substring(fraction.length());
    return Integer.parseInt(nine);
  }
}
