package io.feedpipe.config;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a settings record reads its settings from: the one path by which every module's settings
 * record is built ({@code FetchSettings.from(values)}, …), whether the values come from the app's
 * configuration, the defaults, or a test's overrides:
 *
 * <pre>{@code
 * FetchSettings fetch = FetchSettings.from(SettingValues.defaults()
 *     .with(FetchSettings.READ_TIMEOUT, Duration.ofSeconds(2)));
 * }</pre>
 */
public interface SettingValues {

  /** The setting's value: as given, else its default; empty when it has neither. */
  <T> Optional<T> find(Setting<T> setting);

  /**
   * The setting's value: as given, else its default.
   *
   * @throws IllegalArgumentException when it has neither
   */
  default <T> T get(Setting<T> setting) {
    return find(setting).orElseThrow(() -> new IllegalArgumentException(
        "No value for configuration " + setting.key() + ": it has no default, so it must be set"));
  }

  /** These values with {@code setting} set to {@code value} (checked where a record reads it). */
  default <T> SettingValues with(Setting<T> setting, T value) {
    return new Overrides(this, Map.of(setting.key(), requireNonNull(value, setting.key())));
  }

  /** Every setting at its default. */
  static SettingValues defaults() {
    return Overrides.DEFAULTS;
  }

  /** Values given over a base. Immutable. */
  final class Overrides implements SettingValues {
    static final Overrides DEFAULTS = new Overrides(null, Map.of());

    private final @Nullable SettingValues base;
    private final Map<String, Object> given;

    private Overrides(@Nullable SettingValues base, Map<String, Object> given) {
      this.base = base;
      this.given = Map.copyOf(given);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> setting) {
      Object value = given.get(setting.key());
      if (value != null) {
        return Optional.of((T) value);
      }
      return base == null ? setting.defaultValue() : base.find(setting);
    }

    @Override
    public <T> SettingValues with(Setting<T> setting, T value) {
      Map<String, Object> more = new HashMap<>(given);
      more.put(setting.key(), requireNonNull(value, setting.key()));
      return new Overrides(base, more);
    }
  }
}
