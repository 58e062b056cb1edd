package io.feedpipe.app.config;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting's checked value after defaults, file, environment and flags were applied. Built
 * only by {@link ConfigLoader}; the modules' settings records read it as {@link SettingValues}.
 */
public final class ResolvedSettings implements SettingValues {
  private final Map<String, Object> values;
  private final Map<String, String> sources;

  private ResolvedSettings(Map<String, Object> values, Map<String, String> sources) {
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
  }

  /**
   * Checks every raw value against its setting; reports all problems at once.
   *
   * @param raw key → (text, where it came from), highest-precedence source already chosen
   * @param entries the entries of config-file-only keys ({@code kafka.producer.*}) by key, names without the prefix
   */
  static ResolvedSettings resolve(Map<String, RawValue> raw, Map<String, Map<String, String>> entries) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Setting<?> s : Catalogue.CATALOGUE) {
      if (s.configFileOnly()) {
        Map<String, String> given = Map.copyOf(entries.getOrDefault(s.key(), Map.of()));
        problemOf(s, given).ifPresentOrElse(problems::add, () -> {
          values.put(s.key(), given);
          sources.put(s.key(), given.isEmpty() ? "default" : "config file");
        });
        continue;
      }
      RawValue v = raw.get(s.key());
      if (v == null) {
        s.defaultValue().ifPresent(d -> {
          values.put(s.key(), d);
          sources.put(s.key(), "default");
        });
        continue;
      }
      try {
        values.put(s.key(), s.read(v.text()));
        sources.put(s.key(), v.source());
      } catch (IllegalArgumentException e) {
        problems.add("Invalid value '" + v.text() + "' for " + s.key() + " (from " + v.source() + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ResolvedSettings(values, sources);
  }

  @SuppressWarnings("unchecked")
  private static <T> Optional<String> problemOf(Setting<T> setting, Object value) {
    return setting.problem((T) value);
  }

  record RawValue(String text, String source) {
    RawValue {
      requireNonNull(text, "text");
      requireNonNull(source, "source");
    }
  }

  /** The setting's value (config file, environment, flag or default), when it has one; a key outside the catalogue has its default. */
  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Setting<T> setting) {
    Object value = values.get(setting.key());
    return value == null && !values.containsKey(setting.key())
        ? setting.defaultValue()
        : Optional.ofNullable((T) value);
  }

  /** Where a setting's value came from: {@code default}, the config file, an environment variable or a flag. */
  public String source(Setting<?> setting) {
    return sources.getOrDefault(setting.key(), "unset");
  }
}
