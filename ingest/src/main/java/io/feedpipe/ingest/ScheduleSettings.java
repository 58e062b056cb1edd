package io.feedpipe.ingest;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * When feeds are polled. Each component is the setting of the same name below, where its default
 * and rule are written; build it with {@link #from(SettingValues)}. Across keys: {@code
 * minInterval ≤ defaultInterval ≤ maxInterval}.
 *
 * @param defaultInterval {@link #DEFAULT_INTERVAL}
 * @param minInterval {@link #MIN_INTERVAL}: no feed is polled more often, whatever the feed or the
 *     adaptive rule says
 * @param maxInterval {@link #MAX_INTERVAL}: no healthy feed waits longer, whatever {@code <ttl>},
 *     {@code max-age} or the adaptive rule say
 * @param maxBackoff {@link #MAX_BACKOFF}
 * @param maxRetryAfter {@link #MAX_RETRY_AFTER}
 * @param jitter {@link #JITTER}
 * @param adaptive {@link #ADAPTIVE}
 * @param globalConcurrency {@link #GLOBAL_CONCURRENCY}
 * @param shutdownTimeout {@link #SHUTDOWN_TIMEOUT}: how long {@link FeedScheduler#close()} waits
 * @param perHostConcurrency {@link #PER_HOST_CONCURRENCY}: counted before a global slot is taken
 */
public record ScheduleSettings(
    Duration defaultInterval,
    Duration minInterval,
    Duration maxInterval,
    Duration maxBackoff,
    Duration maxRetryAfter,
    double jitter,
    boolean adaptive,
    int globalConcurrency,
    Duration shutdownTimeout,
    int perHostConcurrency) {

  public static final Setting<Duration> DEFAULT_INTERVAL = Setting.of("schedule.defaultInterval",
      SettingType.positiveDuration(), Duration.ofMinutes(5), "Poll interval of a feed that sets none.");
  public static final Setting<Duration> MIN_INTERVAL = Setting.of("schedule.minInterval",
      SettingType.positiveDuration(), Duration.ofMinutes(1), "Shortest poll interval, whatever a feed asks for.");
  public static final Setting<Duration> MAX_INTERVAL = Setting.of("schedule.maxInterval",
      SettingType.positiveDuration(), Duration.ofHours(2), "Longest poll interval of a healthy feed.");
  public static final Setting<Duration> MAX_BACKOFF = Setting.of("schedule.maxBackoff",
      SettingType.positiveDuration(), Duration.ofHours(1),
      "Cap of the back-off after errors; a failing feed is retried forever at this interval.");
  public static final Setting<Duration> MAX_RETRY_AFTER = Setting.of("schedule.maxRetryAfter",
      SettingType.positiveDuration(), Duration.ofHours(6), "Longest `Retry-After` honoured.");
  public static final Setting<Double> JITTER = Setting.of("schedule.jitter", SettingType.number(0, 0.5), 0.1,
      "Fraction of each interval added or removed at random so feeds do not synchronise.");
  public static final Setting<Boolean> ADAPTIVE = Setting.of("schedule.adaptive", SettingType.bool(), true,
      "Whether a feed's interval follows its observed publishing rate.");
  public static final Setting<Integer> GLOBAL_CONCURRENCY = Setting.of("schedule.globalConcurrency",
      SettingType.integer(1, Integer.MAX_VALUE), 64, "Polls in flight at once across all feeds.");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.of("schedule.shutdownTimeout",
      SettingType.positiveDuration(), Duration.ofSeconds(5), "How long shutdown waits for running polls.");
  public static final Setting<Integer> PER_HOST_CONCURRENCY = Setting.of("schedule.perHostConcurrency",
      SettingType.integer(1, Integer.MAX_VALUE), 2,
      "Polls of feeds on one host in flight at most, so feeds queued behind a slow host never hold slots other hosts need.");

  /** Every {@code schedule.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL,
      MAX_BACKOFF, MAX_RETRY_AFTER, JITTER, ADAPTIVE, GLOBAL_CONCURRENCY, SHUTDOWN_TIMEOUT, PER_HOST_CONCURRENCY);

  public ScheduleSettings {
    Checks checks = new Checks().value(DEFAULT_INTERVAL, defaultInterval).value(MIN_INTERVAL, minInterval)
        .value(MAX_INTERVAL, maxInterval).value(MAX_BACKOFF, maxBackoff).value(MAX_RETRY_AFTER, maxRetryAfter)
        .value(JITTER, jitter).value(GLOBAL_CONCURRENCY, globalConcurrency).value(SHUTDOWN_TIMEOUT, shutdownTimeout)
        .value(PER_HOST_CONCURRENCY, perHostConcurrency);
    if (checks.problems().isEmpty()) {
      checks.rule(minInterval.compareTo(maxInterval) <= 0, () -> "Invalid value " + minInterval
              + " for configuration schedule.minInterval: must not exceed schedule.maxInterval (" + maxInterval + ")")
          .rule(defaultInterval.compareTo(minInterval) >= 0 && defaultInterval.compareTo(maxInterval) <= 0,
              () -> "Invalid value " + defaultInterval + " for configuration schedule.defaultInterval: must lie within"
                  + " schedule.minInterval (" + minInterval + ") and schedule.maxInterval (" + maxInterval + ")");
    }
    checks.throwIfAny();
  }

  /** The settings as {@code values} gives them. */
  public static ScheduleSettings from(SettingValues values) {
    return new ScheduleSettings(values.get(DEFAULT_INTERVAL), values.get(MIN_INTERVAL), values.get(MAX_INTERVAL),
        values.get(MAX_BACKOFF), values.get(MAX_RETRY_AFTER), values.get(JITTER), values.get(ADAPTIVE),
        values.get(GLOBAL_CONCURRENCY), values.get(SHUTDOWN_TIMEOUT), values.get(PER_HOST_CONCURRENCY));
  }

  /** Every setting at its default. */
  public static ScheduleSettings defaults() {
    return from(SettingValues.defaults());
  }
}
