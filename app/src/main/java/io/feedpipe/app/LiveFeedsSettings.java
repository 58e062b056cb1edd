package io.feedpipe.app;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * How the service follows the feeds topic ({@link LiveFeeds}). Each component is the setting of the
 * same name below; build it with {@link #from(SettingValues)}.
 *
 * @param watchInterval {@link #WATCH_INTERVAL}: a feed added, changed or removed takes effect within
 *     about this long
 * @param forgetRemovedAfter {@link #FORGET_REMOVED_AFTER}
 */
public record LiveFeedsSettings(Duration watchInterval, Duration forgetRemovedAfter) {

  public static final Setting<Duration> WATCH_INTERVAL = Setting.of("feeds.watchInterval",
      SettingType.duration(Duration.ofMillis(100), Duration.ofHours(1)), Duration.ofSeconds(10),
      "How often the service reads the feeds topic (`<prefix>.feeds`, managed with `feedpipe feeds`): "
          + "a feed added, changed or removed there is polled, redefined or stopped within about this long.");
  public static final Setting<Duration> FORGET_REMOVED_AFTER = Setting.of("feeds.forgetRemovedAfter",
      SettingType.duration(Duration.ZERO, Duration.ofDays(29)), Duration.ofDays(7),
      "How long a feed removed from the feeds topic keeps its state (so adding it back publishes nothing "
          + "twice); then its feed-state and feed-status records are deleted.");

  /** Every {@code feeds.*} setting of the service, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(WATCH_INTERVAL, FORGET_REMOVED_AFTER);

  public LiveFeedsSettings {
    new Checks().value(WATCH_INTERVAL, watchInterval).value(FORGET_REMOVED_AFTER, forgetRemovedAfter).throwIfAny();
  }

  /** The settings as {@code values} gives them. */
  public static LiveFeedsSettings from(SettingValues values) {
    return new LiveFeedsSettings(values.get(WATCH_INTERVAL), values.get(FORGET_REMOVED_AFTER));
  }
}
