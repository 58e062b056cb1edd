package io.feedpipe.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one catalogue of ingest's configuration keys: name, default, meaning and how its text is
 * read. {@link IngestSettings#fromProperties} reads from it, reporting every bad key in one pass.
 */
final class SettingsCatalogue {

  /** One key: how to read its text, its default as text, and what it means. */
  record Key(String name, String defaultValue, String doc, Function<String, Object> reader, String expected) {}

  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

  static final List<Key> KEYS = List.of(
      new Key("fetch.userAgent", "feedpipe/0.1", "User-Agent product token", s -> s, "text"),
      new Key("fetch.contact", "", "contact appended to the User-Agent", s -> s, "text"),
      new Key("fetch.connectTimeout", "10s", "TCP/TLS connect time-out", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("fetch.readTimeout", "20s", "longest silence while reading", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("fetch.callTimeout", "60s", "whole-fetch deadline, redirects and body included", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("fetch.maxBodyBytes", "10MiB", "body cap after decompression", SettingsCatalogue::size, "a size such as 10485760, 512KiB or 10MiB"),
      new Key("fetch.maxRedirects", "5", "redirect hops followed", Integer::valueOf, "an integer"),
      new Key("fetch.allowedAddresses", "", "CIDR blocks the address guard lets through (comma-separated)", SettingsCatalogue::list, "CIDR blocks separated by commas"),
      new Key("fetch.perHostConcurrency", "2", "requests in flight per host", Integer::valueOf, "an integer"),
      new Key("fetch.perHostMinGap", "200ms", "minimum gap between request starts per host", SettingsCatalogue::duration, "a duration such as 200ms or 1s"),
      new Key("fetch.deadLetterHeadBytes", "4096", "body bytes kept in a dead letter", Integer::valueOf, "an integer"),
      new Key("schedule.defaultInterval", "5m", "poll interval of a feed that sets none", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.minInterval", "1m", "shortest healthy interval", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.maxInterval", "2h", "longest healthy interval", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.maxBackoff", "1h", "cap of the back-off after errors", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.maxRetryAfter", "6h", "longest Retry-After honoured", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.jitter", "0.1", "± fraction of each interval", Double::valueOf, "a number"),
      new Key("schedule.adaptive", "true", "follow the feed's publishing rate", SettingsCatalogue::bool, "true or false"),
      new Key("schedule.globalConcurrency", "64", "polls in flight overall", Integer::valueOf, "an integer"),
      new Key("schedule.shutdownTimeout", "5s", "how long close() waits", SettingsCatalogue::duration, "a duration such as 10s, 5m or PT5M"),
      new Key("schedule.perHostConcurrency", "2", "polls in flight per host", Integer::valueOf, "an integer"),
      new Key("parse.futureTolerance", "1d", "dates later than fetch time + this are clamped", SettingsCatalogue::duration, "a duration such as 1h or 1d"),
      new Key("parse.maxItemsPerFeed", "1000", "items read per poll", Integer::valueOf, "an integer"));

  private SettingsCatalogue() {}

  static IngestSettings read(Map<String, String> properties) {
    Map<String, Key> byName = new LinkedHashMap<>();
    KEYS.forEach(k -> byName.put(k.name(), k));
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new HashMap<>();
    Map<String, String> zones = new HashMap<>(ParseSettings.DEFAULT_ZONE_ABBREVIATIONS);
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("parse.zoneAbbreviations.")) {
        String abbreviation = name.substring("parse.zoneAbbreviations.".length()).toUpperCase(Locale.ROOT);
        try {
          ParseSettings.checkZone(name, e.getValue().strip());
          zones.put(abbreviation, e.getValue().strip());
        } catch (IllegalArgumentException ex) {
          problems.add(ex.getMessage());
        }
      } else if (!byName.containsKey(name)
          && (name.startsWith("fetch.") || name.startsWith("schedule.") || name.startsWith("parse."))) {
        problems.add("Unknown configuration " + name + " (known: " + String.join(", ", byName.keySet()) + ")");
      }
    }
    for (Key key : KEYS) {
      String text = Optional.ofNullable(properties.get(key.name())).orElse(key.defaultValue()).strip();
      try {
        values.put(key.name(), key.reader().apply(text));
      } catch (RuntimeException ex) {
        problems.add("Invalid value " + text + " for configuration " + key.name() + ": must be " + key.expected());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    FetchSettings fetch = null;
    ScheduleSettings schedule = null;
    ParseSettings parse = null;
    try {
      String contact = (String) values.get("fetch.contact");
      @SuppressWarnings("unchecked")
      List<String> allowed = (List<String>) values.get("fetch.allowedAddresses");
      fetch = new FetchSettings((String) values.get("fetch.userAgent"),
          contact.isBlank() ? Optional.empty() : Optional.of(contact), d(values, "fetch.connectTimeout"),
          d(values, "fetch.readTimeout"), d(values, "fetch.callTimeout"), (Long) values.get("fetch.maxBodyBytes"),
          (Integer) values.get("fetch.maxRedirects"), allowed, (Integer) values.get("fetch.perHostConcurrency"),
          d(values, "fetch.perHostMinGap"), (Integer) values.get("fetch.deadLetterHeadBytes"));
    } catch (IllegalArgumentException ex) {
      problems.add(ex.getMessage());
    }
    try {
      schedule = new ScheduleSettings(d(values, "schedule.defaultInterval"), d(values, "schedule.minInterval"),
          d(values, "schedule.maxInterval"), d(values, "schedule.maxBackoff"), d(values, "schedule.maxRetryAfter"),
          (Double) values.get("schedule.jitter"), (Boolean) values.get("schedule.adaptive"),
          (Integer) values.get("schedule.globalConcurrency"), d(values, "schedule.shutdownTimeout"),
          (Integer) values.get("schedule.perHostConcurrency"));
    } catch (IllegalArgumentException ex) {
      problems.add(ex.getMessage());
    }
    try {
      parse = new ParseSettings(zones, d(values, "parse.futureTolerance"), (Integer) values.get("parse.maxItemsPerFeed"));
    } catch (IllegalArgumentException ex) {
      problems.add(ex.getMessage());
    }
    if (!problems.isEmpty() || fetch == null || schedule == null || parse == null) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new IngestSettings(fetch, schedule, parse);
  }

  private static Duration d(Map<String, Object> values, String key) {
    return (Duration) values.get(key);
  }

  static Duration duration(String text) {
    return FeedsFile.duration(text).orElseThrow(() -> new IllegalArgumentException(text));
  }

  private static Long size(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "kb" -> n * 1000;
      case "kib" -> n * 1024;
      case "mb" -> n * 1000 * 1000;
      case "mib" -> n * 1024 * 1024;
      case "gb" -> n * 1000 * 1000 * 1000;
      case "gib" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  private static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(text);
    };
  }
}
