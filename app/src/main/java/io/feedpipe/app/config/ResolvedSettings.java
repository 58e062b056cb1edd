package io.feedpipe.app.config;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import io.feedpipe.config.ValueReferences;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every setting's checked value after defaults, file, environment and flags were applied. Built
 * only by {@link ConfigLoader}; the modules' settings records read it as {@link SettingValues}.
 */
public final class ResolvedSettings implements SettingValues {
  private final Map<String, Object> values;
  private final Map<String, String> sources;
  /** What the config file wrote where a value held {@code ${env:…}}/{@code ${file:…}} references, by key (or entry key). */
  private final Map<String, String> written;
  /** Where each entry of the config-file-only settings came from, by entry key ({@code kafka.common.sasl.mechanism}). */
  private final Map<String, String> entrySources;

  private ResolvedSettings(Map<String, Object> values, Map<String, String> sources, Map<String, String> written,
      Map<String, String> entrySources) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sources = Map.copyOf(sources);
    this.written = Map.copyOf(written);
    this.entrySources = Map.copyOf(entrySources);
  }

  /**
   * Checks every raw value against its setting; reports all problems at once.
   *
   * @param raw key → the texts given for it, lowest precedence first (file, environment, flag): the
   *     last one is the value; the others are checked too, and a bad one is a problem although overridden
   * @param entries the entries of config-file-only keys ({@code kafka.producer.*}) by key, names without the prefix
   */
  static ResolvedSettings resolve(Map<String, List<RawValue>> raw, Map<String, Map<String, RawValue>> entries) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> written = new LinkedHashMap<>();
    Map<String, String> entrySources = new LinkedHashMap<>();
    for (Setting<?> s : Catalogue.CATALOGUE) {
      if (s.configFileOnly()) {
        Map<String, RawValue> given = entries.getOrDefault(s.key(), Map.of());
        Map<String, String> texts = new LinkedHashMap<>();
        String prefix = s.key().substring(0, s.key().length() - 1);
        given.forEach((name, v) -> {
          texts.put(name, v.text());
          entrySources.put(prefix + name, v.source());
          if (!v.written().equals(v.text())) {
            written.put(prefix + name, v.written());
          }
        });
        problemOf(s, Map.copyOf(texts)).ifPresentOrElse(problems::add, () -> {
          values.put(s.key(), Map.copyOf(texts));
          sources.put(s.key(), given.isEmpty() ? "default" : given.values().iterator().next().source());
        });
        continue;
      }
      List<RawValue> given = raw.getOrDefault(s.key(), List.of());
      if (given.isEmpty()) {
        s.defaultValue().ifPresent(d -> {
          values.put(s.key(), d);
          sources.put(s.key(), "default");
        });
        continue;
      }
      for (int i = 0; i < given.size(); i++) {
        RawValue v = given.get(i);
        boolean winner = i == given.size() - 1;
        try {
          Object value = s.read(v.text());
          if (winner) {
            values.put(s.key(), value);
            sources.put(s.key(), v.source());
            if (!v.written().equals(v.text())) {
              written.put(s.key(), v.written());
            }
          }
        } catch (IllegalArgumentException e) {
          problems.add("Invalid value '" + v.written() + "' for " + s.key() + " (from " + v.source()
              + (winner ? "" : "; overridden by " + given.get(given.size() - 1).source() + ", but wrong all the same")
              + "): " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ResolvedSettings(values, sources, written, entrySources);
  }

  @SuppressWarnings("unchecked")
  private static <T> Optional<String> problemOf(Setting<T> setting, Object value) {
    return setting.problem((T) value);
  }

  /**
   * One text given for a key.
   *
   * @param text the value, references resolved
   * @param source where it came from: {@code config file F}, {@code environment variable V}, {@code command line}
   * @param written the text as written, references unresolved (equal to {@code text} when it has none)
   */
  record RawValue(String text, String source, String written) {
    RawValue {
      requireNonNull(text, "text");
      requireNonNull(source, "source");
      requireNonNull(written, "written");
    }

    static RawValue of(String text, String source) {
      return new RawValue(text, source, text);
    }
  }

  /**
   * One line of {@code feedpipe config --effective}.
   *
   * @param key the key, or an entry's whole key ({@code kafka.common.sasl.mechanism})
   * @param value the value as the settings table writes it; a secret-looking entry's masked, a
   *     value that came through {@code ${env:…}}/{@code ${file:…}} as written
   * @param source {@code default}, {@code config file F}, {@code environment variable V} or {@code command line}
   */
  public record Effective(String key, String value, String source) {}

  /** Every setting's value in effect and where it came from, in the order of the catalogue; secrets masked. */
  public List<Effective> effective() {
    List<Effective> lines = new ArrayList<>();
    for (Setting<?> s : Catalogue.CATALOGUE) {
      Object value = values.get(s.key());
      if (s.configFileOnly() && value instanceof Map<?, ?> map && !map.isEmpty()) {
        String prefix = s.key().substring(0, s.key().length() - 1);
        new TreeMap<>(map).forEach((name, v) -> {
          String key = prefix + name;
          String shown = shown(key, SettingType.looksSecret(name.toString()), v.toString());
          lines.add(new Effective(key, shown, entrySources.getOrDefault(key, "config file")));
        });
        continue;
      }
      String shown = value == null ? "(unset)" : shown(s.key(), SettingType.looksSecret(s.key()), write(s, value));
      lines.add(new Effective(s.key(), shown.isEmpty() ? "(none)" : shown, source(s)));
    }
    return lines;
  }

  private static final String MASK = "******";

  /**
   * A value as {@link #effective()} shows it: a secret masked, with the references it came through;
   * any other value as the file wrote it (references unresolved) or as read.
   */
  private String shown(String key, boolean secret, String value) {
    String asWritten = written.get(key);
    if (secret) {
      return asWritten == null ? MASK : MASK + " (from " + String.join(", ", ValueReferences.references(asWritten)) + ")";
    }
    return asWritten == null ? value : asWritten;
  }

  @SuppressWarnings("unchecked")
  private static <T> String write(Setting<T> setting, Object value) {
    return setting.type().write((T) value);
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
