package io.feedpipe.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a setting's value is read from text, which values are valid, and how a value is written
 * back (for the settings table and messages). The rule applies to a value however it arrived —
 * read from text or handed to a settings record — so it is written once. Immutable.
 *
 * @param <T> the value's Java type
 */
public final class SettingType<T> {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kb|mb|gb|kib|mib|gib)?");
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  private final String description;
  private final Function<String, T> reader;
  private final Function<? super T, String> writer;
  private final List<Consumer<? super T>> rules;

  private SettingType(
      String description, Function<String, T> reader, Function<? super T, String> writer, List<Consumer<? super T>> rules) {
    this.description = requireNonNull(description, "description");
    this.reader = requireNonNull(reader, "reader");
    this.writer = requireNonNull(writer, "writer");
    this.rules = List.copyOf(rules);
  }

  /**
   * A type of its own.
   *
   * @param description what a valid value looks like, for the settings table
   * @param reader text to value; throws {@link IllegalArgumentException} with the rule broken
   * @param writer value to the text {@code reader} reads back
   */
  public static <T> SettingType<T> of(String description, Function<String, T> reader, Function<? super T, String> writer) {
    return new SettingType<>(description, reader, writer, List.of());
  }

  /** This type with one more rule: values failing {@code ok} are refused with {@code rule} (e.g. "must be even"). */
  public SettingType<T> and(Predicate<? super T> ok, String rule) {
    requireNonNull(ok, "ok");
    requireNonNull(rule, "rule");
    return and(v -> {
      if (!ok.test(v)) {
        throw new IllegalArgumentException(rule);
      }
    });
  }

  /** This type with one more rule: {@code check} throws {@link IllegalArgumentException} naming the rule a value breaks. */
  public SettingType<T> and(Consumer<? super T> check) {
    List<Consumer<? super T>> more = new ArrayList<>(rules);
    more.add(requireNonNull(check, "check"));
    return new SettingType<>(description, reader, writer, more);
  }

  /** This type described otherwise in the settings table. */
  public SettingType<T> describedAs(String newDescription) {
    return new SettingType<>(newDescription, reader, writer, rules);
  }

  /** What a valid value looks like, for the settings table. */
  public String description() {
    return description;
  }

  /**
   * Reads and checks a value.
   *
   * @throws IllegalArgumentException with the rule the text breaks
   */
  public T read(String text) {
    requireNonNull(text, "text");
    T value = reader.apply(text);
    check(value);
    return value;
  }

  /**
   * Checks a value.
   *
   * @throws IllegalArgumentException with the rule the value breaks
   */
  public void check(T value) {
    requireNonNull(value, "value");
    for (Consumer<? super T> rule : rules) {
      rule.accept(value);
    }
  }

  /** The text {@link #read} reads back as {@code value}. */
  public String write(T value) {
    return writer.apply(requireNonNull(value, "value"));
  }

  // ---- the types feedpipe's settings use

  /** Any text, stripped of surrounding blanks, not empty. */
  public static SettingType<String> nonBlank() {
    return of("non-empty text", String::strip, s -> s).and(s -> !s.isBlank(), "must not be empty");
  }

  /** Text matching {@code pattern} (whole), refused with {@code rule} otherwise. */
  public static SettingType<String> matching(String description, Pattern pattern, String rule) {
    return of(description, String::strip, s -> s).and(s -> pattern.matcher(s).matches(), rule);
  }

  /** One of {@code values}, in any case; read as written in {@code values}. */
  public static SettingType<String> oneOf(List<String> values) {
    List<String> allowed = List.copyOf(values);
    String rule = "must be one of " + String.join(", ", allowed);
    return of(String.join(" | ", allowed), raw -> allowed.stream().filter(v -> v.equalsIgnoreCase(raw.strip()))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(rule)), s -> s)
        .and(allowed::contains, rule);
  }

  /** An integer in {@code min..max}. */
  public static SettingType<Integer> integer(int min, int max) {
    String description = max == Integer.MAX_VALUE
        ? (min == 1 ? "positive integer" : min == 0 ? "integer 0 or more" : "integer " + min + " or more")
        : "integer " + min + ".." + max;
    String rule = max == Integer.MAX_VALUE ? "must be at least " + min : "must be " + min + ".." + max;
    return of(description, SettingType::parseInt, i -> Integer.toString(i)).and(i -> i >= min && i <= max, rule);
  }

  /** A TCP port, 0 (any free port) to 65535. */
  public static SettingType<Integer> port() {
    return of("port 0-65535", SettingType::parseInt, i -> Integer.toString(i))
        .and(i -> i >= 0 && i <= 65_535, "must be between 0 and 65535 (0 picks a free port)");
  }

  /** A number of bytes in {@code min..max}, written as bytes or with a unit: {@code 512KB}, {@code 10MB}, {@code 1GB} (1024-based). */
  public static SettingType<Long> sizeBytes(long min, long max) {
    String rule = max == Long.MAX_VALUE
        ? (min == 1 ? "must be positive" : "must be at least " + writeSize(min))
        : "must be " + writeSize(min) + ".." + writeSize(max);
    String bounds = max == Long.MAX_VALUE ? "" : " " + writeSize(min) + ".." + writeSize(max);
    return of("size" + bounds + " (bytes, or with KB/MB/GB)", SettingType::parseSize, SettingType::writeSize)
        .and(n -> n >= min && n <= max, rule);
  }

  /** A duration in {@code min..max} ({@link Durations}). */
  public static SettingType<Duration> duration(Duration min, Duration max) {
    return of("duration " + Durations.format(min) + ".." + Durations.format(max), Durations::parse, Durations::format)
        .and(d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
            "must be " + Durations.format(min) + ".." + Durations.format(max));
  }

  /** A duration of at least {@code min} ({@link Durations}). */
  public static SettingType<Duration> durationAtLeast(Duration min) {
    return of("duration of at least " + Durations.format(min), Durations::parse, Durations::format)
        .and(d -> d.compareTo(min) >= 0, "must be at least " + Durations.format(min));
  }

  /** A positive duration ({@link Durations}). */
  public static SettingType<Duration> positiveDuration() {
    return of("duration (e.g. 30s, 5m, 1h, 500ms)", Durations::parse, Durations::format)
        .and(d -> !d.isNegative() && !d.isZero(), "must be positive");
  }

  /** A duration, zero allowed ({@link Durations}). */
  public static SettingType<Duration> nonNegativeDuration() {
    return of("duration, 0 allowed (e.g. 0s, 200ms)", Durations::parse, Durations::format)
        .and(d -> !d.isNegative(), "must not be negative");
  }

  /** A decimal number in {@code min..max}. */
  public static SettingType<Double> number(double min, double max) {
    return of("number between " + min + " and " + max, raw -> {
      try {
        return Double.parseDouble(raw.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number");
      }
    }, d -> Double.toString(d)).and(d -> d >= min && d <= max, "must be between " + min + " and " + max);
  }

  /** {@code true} or {@code false} ({@code yes}/{@code no}, {@code on}/{@code off} accepted). */
  public static SettingType<Boolean> bool() {
    return of("true | false", raw -> switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    }, b -> Boolean.toString(b));
  }

  /** A comma-separated list; blank items are dropped. */
  public static SettingType<List<String>> list() {
    return of("comma-separated list", raw -> {
      List<String> items = new ArrayList<>();
      for (String item : raw.split(",")) {
        if (!item.isBlank()) {
          items.add(item.strip());
        }
      }
      return List.copyOf(items);
    }, items -> String.join(",", items));
  }

  /** Comma-separated {@code KEY=VALUE} pairs, keys upper-cased: {@code IST=+05:30,PKT=Asia/Karachi}. */
  public static SettingType<Map<String, String>> pairs(String description) {
    return of(description, raw -> {
      Map<String, String> map = new LinkedHashMap<>();
      for (String pair : raw.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new IllegalArgumentException("'" + pair.strip() + "' is not KEY=VALUE");
        }
        map.put(pair.substring(0, eq).strip().toUpperCase(Locale.ROOT), pair.substring(eq + 1).strip());
      }
      return Map.copyOf(map);
    }, map -> map.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
  }

  /**
   * Named entries given only in the config file, under the setting's key as a prefix ({@code
   * kafka.producer.linger.ms: 5}); they cannot be read from one text. Values of names that look
   * secret (password, secret, JAAS, token, key, credential) are written masked.
   */
  public static SettingType<Map<String, String>> namedEntries(String description) {
    return of(description, raw -> {
      throw new IllegalArgumentException("can only be given in the config file, one entry per key");
    }, SettingType::writeMasked);
  }

  /** Whether a named entry's value is written masked by {@link #namedEntries}. */
  public static boolean looksSecret(String name) {
    return name.matches("(?i).*(password|secret|jaas|token|\\.key$|credential).*");
  }

  private static String writeMasked(Map<String, String> map) {
    return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + (looksSecret(e.getKey()) ? "******" : e.getValue()))
        .collect(Collectors.joining(","));
  }

  private static int parseInt(String raw) {
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer");
    }
  }

  private static long parseSize(String raw) {
    Matcher m = SIZE.matcher(raw.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a size such as 10MB, 512KB or 1048576");
    }
    long n = Long.parseLong(m.group(1));
    long unit = switch (Optional.ofNullable(m.group(2)).orElse("b")) {
      case "kb", "kib" -> KIB;
      case "mb", "mib" -> MIB;
      case "gb", "gib" -> GIB;
      default -> 1;
    };
    try {
      return Math.multiplyExact(n, unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too large");
    }
  }

  private static String writeSize(long bytes) {
    if (bytes > 0 && bytes % GIB == 0) {
      return bytes / GIB + "GB";
    } else if (bytes > 0 && bytes % MIB == 0) {
      return bytes / MIB + "MB";
    } else if (bytes > 0 && bytes % KIB == 0) {
      return bytes / KIB + "KB";
    }
    return Long.toString(bytes);
  }

  @Override
  public String toString() {
    return "SettingType[" + description + "]";
  }
}
