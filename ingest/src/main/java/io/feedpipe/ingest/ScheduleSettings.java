package io.feedpipe.ingest;

import java.time.Duration;

/**
 * When feeds are polled.
 *
 * @param defaultInterval poll interval of a feed that sets none ({@code schedule.defaultInterval},
 *     default 5 min)
 * @param minInterval no feed is polled more often, whatever the feed or the adaptive rule says
 *     ({@code schedule.minInterval}, default 1 min)
 * @param maxInterval no healthy feed waits longer, whatever {@code <ttl>}, {@code max-age} or the
 *     adaptive rule say ({@code schedule.maxInterval}, default 2 h)
 * @param maxBackoff the cap of the exponential back-off after errors; a failing feed is retried
 *     forever at this interval ({@code schedule.maxBackoff}, default 1 h)
 * @param maxRetryAfter the longest {@code Retry-After} honoured ({@code schedule.maxRetryAfter},
 *     default 6 h)
 * @param jitter fraction of each interval added or removed at random so feeds do not synchronise
 *     ({@code schedule.jitter}, default 0.1, range 0..0.5)
 * @param adaptive whether the interval follows the feed's observed publishing rate ({@code
 *     schedule.adaptive}, default true)
 * @param globalConcurrency polls in flight at most, over all feeds ({@code
 *     schedule.globalConcurrency}, default 64)
 * @param shutdownTimeout how long {@link FeedScheduler#close()} waits for interrupted polls ({@code
 *     schedule.shutdownTimeout}, default 5 s)
 * @param perHostConcurrency polls of feeds on one host in flight at most, counted before a global
 *     slot is taken, so feeds waiting for a slow or busy host never hold slots other hosts need
 *     ({@code schedule.perHostConcurrency}, default 2, like {@code fetch.perHostConcurrency})
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

  public ScheduleSettings {
    Settings.positive(defaultInterval, "schedule.defaultInterval");
    Settings.positive(minInterval, "schedule.minInterval");
    Settings.positive(maxInterval, "schedule.maxInterval");
    Settings.positive(maxBackoff, "schedule.maxBackoff");
    Settings.positive(maxRetryAfter, "schedule.maxRetryAfter");
    Settings.positive(shutdownTimeout, "schedule.shutdownTimeout");
    Settings.check(minInterval.compareTo(maxInterval) <= 0, minInterval, "schedule.minInterval",
        "must not exceed schedule.maxInterval (" + maxInterval + ")");
    Settings.check(defaultInterval.compareTo(minInterval) >= 0 && defaultInterval.compareTo(maxInterval) <= 0,
        defaultInterval, "schedule.defaultInterval",
        "must lie within schedule.minInterval (" + minInterval + ") and schedule.maxInterval (" + maxInterval + ")");
    Settings.check(jitter >= 0 && jitter <= 0.5, jitter, "schedule.jitter", "must be 0..0.5");
    Settings.check(globalConcurrency >= 1, globalConcurrency, "schedule.globalConcurrency", "must be at least 1");
    Settings.check(perHostConcurrency >= 1, perHostConcurrency, "schedule.perHostConcurrency", "must be at least 1");
  }

  /** All but {@code schedule.perHostConcurrency}, which takes its default (2). */
  public ScheduleSettings(Duration defaultInterval, Duration minInterval, Duration maxInterval, Duration maxBackoff,
      Duration maxRetryAfter, double jitter, boolean adaptive, int globalConcurrency, Duration shutdownTimeout) {
    this(defaultInterval, minInterval, maxInterval, maxBackoff, maxRetryAfter, jitter, adaptive, globalConcurrency,
        shutdownTimeout, 2);
  }

  /** The defaults listed on each component. */
  public static ScheduleSettings defaults() {
    return new ScheduleSettings(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(2),
        Duration.ofHours(1), Duration.ofHours(6), 0.1, true, 64, Duration.ofSeconds(5), 2);
  }
}
