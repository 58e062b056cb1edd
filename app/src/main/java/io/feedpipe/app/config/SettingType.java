package io.feedpipe.app.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a setting's text is read and what makes it valid. Each reader throws {@link IllegalArgumentException} with the rule broken. */
public enum SettingType {
  STRING("text") {
    @Override
    Object read(String raw) {
      return raw;
    }
  },
  NON_BLANK("non-empty text") {
    @Override
    Object read(String raw) {
      if (raw.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return raw.strip();
    }
  },
  PORT("port 0-65535") {
    @Override
    Object read(String raw) {
      int port = parseInt(raw);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("must be a port between 0 and 65535");
      }
      return port;
    }
  },
  POSITIVE_INT("positive integer") {
    @Override
    Object read(String raw) {
      int value = parseInt(raw);
      if (value < 1) {
        throw new IllegalArgumentException("must be a positive integer");
      }
      return value;
    }
  },
  SIZE_BYTES("size (bytes, or with KB/MB/GB)") {
    @Override
    Object read(String raw) {
      return parseSize(raw);
    }
  },
  DURATION("duration (e.g. 30s, 5m, 1h, 500ms)") {
    @Override
    Object read(String raw) {
      Duration d = parseDuration(raw);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    }
  },
  NON_NEGATIVE_DURATION("duration, 0 allowed (e.g. 0s, 200ms)") {
    @Override
    Object read(String raw) {
      Duration d = parseDuration(raw);
      if (d.isNegative()) {
        throw new IllegalArgumentException("must not be negative");
      }
      return d;
    }
  },
  FRACTION("number between 0 and 0.5") {
    @Override
    Object read(String raw) {
      double v;
      try {
        v = Double.parseDouble(raw.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number");
      }
      if (!(v >= 0 && v <= 0.5)) {
        throw new IllegalArgumentException("must be between 0 and 0.5");
      }
      return v;
    }
  },
  BOOLEAN("true | false") {
    @Override
    Object read(String raw) {
      return switch (raw.strip().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("must be true or false");
      };
    }
  },
  NON_NEGATIVE_INT("integer 0 or more") {
    @Override
    Object read(String raw) {
      int value = parseInt(raw);
      if (value < 0) {
        throw new IllegalArgumentException("must not be negative");
      }
      return value;
    }
  },
  ZONE_MAP("comma-separated ABBR=ZONE pairs (e.g. IST=+05:30,PKT=Asia/Karachi)") {
    @Override
    Object read(String raw) {
      java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
      for (String pair : raw.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new IllegalArgumentException("'" + pair.strip() + "' is not ABBR=ZONE");
        }
        String zone = pair.substring(eq + 1).strip();
        try {
          java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
          throw new IllegalArgumentException("'" + zone + "' is not a zone id or offset");
        }
        map.put(pair.substring(0, eq).strip().toUpperCase(Locale.ROOT), zone);
      }
      return java.util.Map.copyOf(map);
    }
  },
  LIST("comma-separated list") {
    @Override
    Object read(String raw) {
      return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
  },
  LOG_FORMAT("text | json") {
    @Override
    Object read(String raw) {
      String v = raw.strip().toLowerCase(Locale.ROOT);
      if (!List.of("text", "json").contains(v)) {
        throw new IllegalArgumentException("must be text or json");
      }
      return v;
    }
  },
  LOG_LEVEL("TRACE | DEBUG | INFO | WARN | ERROR") {
    @Override
    Object read(String raw) {
      String v = raw.strip().toUpperCase(Locale.ROOT);
      if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(v)) {
        throw new IllegalArgumentException("must be one of TRACE, DEBUG, INFO, WARN, ERROR");
      }
      return v;
    }
  },
  PATH_PREFIX("URL path starting with /") {
    @Override
    Object read(String raw) {
      if (!raw.startsWith("/")) {
        throw new IllegalArgumentException("must start with /");
      }
      return raw;
    }
  };

  private final String description;

  SettingType(String description) {
    this.description = description;
  }

  /** What a valid value looks like, for the settings table. */
  public String description() {
    return description;
  }

  abstract Object read(String raw);

  private static final Pattern DURATION_PATTERN = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|kib|mib|gib)?");

  static int parseInt(String raw) {
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer");
    }
  }

  static Duration parseDuration(String raw) {
    String v = raw.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION_PATTERN.matcher(v);
    if (!m.matches()) {
      try {
        return Duration.parse(raw.strip().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("must be a duration such as 30s, 5m, 1h or 500ms");
      }
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static long parseSize(String raw) {
    Matcher m = SIZE_PATTERN.matcher(raw.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a size such as 10MB, 512KB or 1048576");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long bytes = switch (unit) {
      case "kb", "kib" -> n * 1024;
      case "mb", "mib" -> n * 1024 * 1024;
      case "gb", "gib" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
    if (bytes < 1) {
      throw new IllegalArgumentException("must be positive");
    }
    return bytes;
  }
}
