package io.feedpipe.ingest;

import java.time.Duration;

/** Validation helpers shared by the settings records; messages name the key, value and rule. */
final class Settings {
  private Settings() {}

  static void check(boolean ok, Object value, String key, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
    }
  }

  static void positive(Duration d, String key) {
    if (d == null) {
      throw new NullPointerException(key);
    }
    check(!d.isNegative() && !d.isZero(), d, key, "must be positive");
  }

  static void notNegative(Duration d, String key) {
    if (d == null) {
      throw new NullPointerException(key);
    }
    check(!d.isNegative(), d, key, "must not be negative");
  }
}
