package io.feedpipe.app.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * One configuration key: its name, value type, default and documentation.
 *
 * @param key the dotted key as written in the config file, e.g. {@code fetch.maxBodyBytes}
 * @param type how the raw text is read and checked
 * @param defaultValue the default as text; empty when the setting has no default
 * @param description one sentence for the settings table
 * @param aliasEnv an additional environment variable accepted for this key (e.g. {@code
 *     KAFKA_BOOTSTRAP_SERVERS}), when there is one
 */
public record Setting(
    String key, SettingType type, Optional<String> defaultValue, String description, Optional<String> aliasEnv) {

  public Setting {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(defaultValue, "defaultValue");
    requireNonNull(description, "description");
    requireNonNull(aliasEnv, "aliasEnv");
  }

  static Setting of(String key, SettingType type, String defaultValue, String description) {
    return new Setting(key, type, Optional.of(defaultValue), description, Optional.empty());
  }

  static Setting optional(String key, SettingType type, String description) {
    return new Setting(key, type, Optional.empty(), description, Optional.empty());
  }

  Setting withAliasEnv(String env) {
    return new Setting(key, type, defaultValue, description, Optional.of(env));
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
}
