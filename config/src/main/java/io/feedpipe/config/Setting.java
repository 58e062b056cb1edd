package io.feedpipe.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * One configuration key, defined once: its name, type (reading and rule), default, meaning and
 * environment variable. The module whose settings record uses a key declares it, next to that
 * record; the app's catalogue lists the modules' keys, and the settings tables are generated from
 * them.
 *
 * @param key the dotted key as written in the config file, e.g. {@code fetch.maxBodyBytes}; a key
 *     ending in {@code .*} names entries given under it in the config file only
 * @param type how the text is read and what makes a value valid
 * @param defaultValue the default; empty when the setting has none
 * @param description one or two sentences for the settings table
 * @param aliasEnv another environment variable accepted for this key (e.g. {@code
 *     KAFKA_BOOTSTRAP_SERVERS}), when there is one
 * @param <T> the value's type
 */
public record Setting<T>(
    String key, SettingType<T> type, Optional<T> defaultValue, String description, Optional<String> aliasEnv) {

  public Setting {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(defaultValue, "defaultValue");
    requireNonNull(description, "description");
    requireNonNull(aliasEnv, "aliasEnv");
    if (!key.matches("[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)*(\\.\\*)?")) {
      throw new IllegalArgumentException("setting key '" + key + "' is not dotted camelCase words");
    }
    // a default that breaks its own rule is a bug of ours: fail when the class declaring it loads
    String k = key;
    defaultValue.ifPresent(d -> {
      try {
        type.check(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the default of " + k + " breaks its rule: " + e.getMessage(), e);
      }
    });
  }

  /** A setting with a default. */
  public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue, String description) {
    return new Setting<>(key, type, Optional.of(defaultValue), description, Optional.empty());
  }

  /** A setting without a default: absent unless given. */
  public static <T> Setting<T> optional(String key, SettingType<T> type, String description) {
    return new Setting<>(key, type, Optional.empty(), description, Optional.empty());
  }

  /** This setting, also read from the environment variable {@code env}. */
  public Setting<T> withAliasEnv(String env) {
    return new Setting<>(key, type, defaultValue, description, Optional.of(env));
  }

  /** This setting with {@code sentence} added to its description (what one user of it adds, e.g. the app). */
  public Setting<T> withNote(String sentence) {
    return new Setting<>(key, type, defaultValue, description + " " + sentence, aliasEnv);
  }

  /** Whether this key names entries given under it in the config file only ({@code kafka.producer.*}). */
  public boolean configFileOnly() {
    return key.endsWith(".*");
  }

  /** The environment variable that overrides this key: {@code fetch.maxBodyBytes} → {@code FEEDPIPE_FETCH_MAX_BODY_BYTES}. */
  public String envVar() {
    StringBuilder out = new StringBuilder("FEEDPIPE_");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '-') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** The default as text, as the settings table shows it. */
  public Optional<String> defaultText() {
    return defaultValue.map(type::write);
  }

  /**
   * Reads a value of this setting from text.
   *
   * @throws IllegalArgumentException with the rule the text breaks (the caller adds the key and where the text came from)
   */
  public T read(String text) {
    return type.read(text);
  }

  /** Why {@code value} is not valid for this setting, as "Invalid value V for configuration KEY: RULE"; empty when it is. */
  public Optional<String> problem(T value) {
    if (value == null) {
      return Optional.of("No value for configuration " + key);
    }
    try {
      type.check(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("Invalid value " + type.write(value) + " for configuration " + key + ": " + e.getMessage());
    }
  }

  /**
   * Returns {@code value} when valid for this setting.
   *
   * @throws IllegalArgumentException "Invalid value V for configuration KEY: RULE"
   */
  public T check(T value) {
    Optional<String> problem = problem(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return value;
  }

  @Override
  public String toString() {
    return key;
  }
}
