package io.feedpipe.app.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting's checked value after defaults, file, environment and flags were applied.
 * Built only by {@link ConfigLoader}; read through typed accessors.
 */
public final class ResolvedSettings {
  private final Map<String, Object> values;
  private final Map<String, String> sources;
  private final Map<String, String> producerOverrides;

  private ResolvedSettings(Map<String, Object> values, Map<String, String> sources, Map<String, String> producerOverrides) {
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
    this.producerOverrides = Map.copyOf(producerOverrides);
  }

  /**
   * Checks every raw value against its setting; reports all problems at once.
   *
   * @param raw key → (text, where it came from), highest-precedence source already chosen
   */
  static ResolvedSettings resolve(Map<String, RawValue> raw, Map<String, String> producerOverrides) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Setting s : Settings.CATALOGUE) {
      RawValue v = raw.get(s.key());
      if (v == null) {
        if (s.defaultValue().isEmpty()) {
          continue;
        }
        v = new RawValue(s.defaultValue().get(), "default");
      }
      try {
        values.put(s.key(), s.type().read(v.text()));
        sources.put(s.key(), v.source());
      } catch (IllegalArgumentException e) {
        problems.add("Invalid value '" + v.text() + "' for " + s.key() + " (from " + v.source() + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ResolvedSettings(values, sources, producerOverrides);
  }

  record RawValue(String text, String source) {
    RawValue {
      requireNonNull(text, "text");
      requireNonNull(source, "source");
    }
  }

  public Optional<Object> value(Setting setting) {
    return Optional.ofNullable(values.get(setting.key()));
  }

  public String string(Setting setting) {
    return (String) require(setting);
  }

  public Optional<String> optionalString(Setting setting) {
    return value(setting).map(String.class::cast);
  }

  public int integer(Setting setting) {
    return (Integer) require(setting);
  }

  public long size(Setting setting) {
    return (Long) require(setting);
  }

  public Duration duration(Setting setting) {
    return (Duration) require(setting);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(Setting setting) {
    return (List<String>) require(setting);
  }

  /** The {@code kafka.producer.*} entries of the config file, prefix removed. */
  public Map<String, String> producerOverrides() {
    return producerOverrides;
  }

  public boolean bool(Setting setting) {
    return (Boolean) require(setting);
  }

  public double fraction(Setting setting) {
    return (Double) require(setting);
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> map(Setting setting) {
    return (Map<String, String>) require(setting);
  }

  /** Where a setting's value came from: {@code default}, the config file, an environment variable or a flag. */
  public String source(Setting setting) {
    return sources.getOrDefault(setting.key(), "unset");
  }

  private Object require(Setting setting) {
    Object v = values.get(setting.key());
    if (v == null) {
      throw new IllegalStateException(setting.key() + " has no value and no default");
    }
    return v;
  }
}
