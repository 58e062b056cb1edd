package io.feedpipe.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a feed is polled next. Pure given its random source.
 *
 * <ul>
 *   <li>Healthy: the feed's interval (else {@code schedule.defaultInterval}); with {@code
 *       schedule.adaptive}, the median gap between its newest items' dates when that is longer or
 *       shorter; halved when every item was new (items may have been missed); then raised to the
 *       lower bounds the publisher set ({@code <ttl>}, {@code sy:updatePeriod}, {@code max-age} /
 *       {@code Expires}); all within {@code schedule.minInterval}..{@code schedule.maxInterval}.
 *   <li>Failing: {@code interval × 2^(errors-1)} up to {@code schedule.maxBackoff}, forever; a
 *       {@code Retry-After} is honoured up to {@code schedule.maxRetryAfter}.
 *   <li>Jitter of ± {@code schedule.jitter} on every interval.
 * </ul>
 */
final class NextPoll {
  private final ScheduleSettings settings;
  private final RandomGenerator random;

  NextPoll(ScheduleSettings settings, RandomGenerator random) {
    this.settings = settings;
    this.random = random;
  }

  Duration baseInterval(Optional<Duration> feedInterval) {
    return clamp(feedInterval.orElse(settings.defaultInterval()));
  }

  /** The interval after a successful poll (200 or 304), jittered. */
  Duration healthy(Optional<Duration> feedInterval, List<Instant> itemDates, boolean everyItemNew,
      List<Duration> lowerBounds) {
    return jitter(interval(feedInterval, itemDates, everyItemNew, lowerBounds));
  }

  /**
   * The healthy interval before jitter: the feed's own or adaptive one, halved when every item was
   * new, raised to the lower bounds, clamped.
   */
  Duration interval(Optional<Duration> feedInterval, List<Instant> itemDates, boolean everyItemNew,
      List<Duration> lowerBounds) {
    Duration interval = baseInterval(feedInterval);
    if (settings.adaptive() && feedInterval.isEmpty()) {
      Optional<Duration> observed = medianGap(itemDates);
      if (observed.isPresent()) {
        interval = clamp(observed.get());
      }
    }
    if (everyItemNew) {
      interval = interval.dividedBy(2);
    }
    return raised(interval, lowerBounds);
  }

  /** A remembered interval raised to further lower bounds (HTTP freshness), clamped and jittered. */
  Duration jittered(Duration interval, List<Duration> lowerBounds) {
    return jitter(raised(interval, lowerBounds));
  }

  private Duration raised(Duration interval, List<Duration> lowerBounds) {
    Duration result = interval;
    for (Duration bound : lowerBounds) {
      if (bound.compareTo(result) > 0) {
        result = bound;
      }
    }
    return clamp(result);
  }

  /** The interval after the {@code consecutiveErrors}-th failure in a row. */
  Duration failing(Optional<Duration> feedInterval, int consecutiveErrors, Optional<Duration> retryAfter) {
    Duration interval = baseInterval(feedInterval);
    int doublings = Math.min(Math.max(consecutiveErrors - 1, 0), 30);
    Duration backoff = interval.multipliedBy(1L << doublings);
    if (backoff.compareTo(settings.maxBackoff()) > 0) {
      backoff = settings.maxBackoff();
    }
    Duration next = jitter(backoff);
    if (retryAfter.isPresent()) {
      Duration honoured = retryAfter.get().compareTo(settings.maxRetryAfter()) > 0
          ? settings.maxRetryAfter() : retryAfter.get();
      if (honoured.compareTo(next) > 0) {
        next = honoured;
      }
    }
    return next;
  }

  private Duration clamp(Duration d) {
    if (d.compareTo(settings.minInterval()) < 0) {
      return settings.minInterval();
    }
    return d.compareTo(settings.maxInterval()) > 0 ? settings.maxInterval() : d;
  }

  private Duration jitter(Duration d) {
    if (settings.jitter() == 0) {
      return d;
    }
    double factor = 1 + (random.nextDouble() * 2 - 1) * settings.jitter();
    return Duration.ofMillis(Math.max(1, (long) (d.toMillis() * factor)));
  }

  /** The median gap between consecutive dates of the newest ten items, when there are at least three. */
  static Optional<Duration> medianGap(List<Instant> dates) {
    List<Instant> sorted = new ArrayList<>(dates);
    sorted.sort(Collections.reverseOrder());
    if (sorted.size() > 10) {
      sorted = sorted.subList(0, 10);
    }
    if (sorted.size() < 3) {
      return Optional.empty();
    }
    List<Duration> gaps = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size(); i++) {
      gaps.add(Duration.between(sorted.get(i + 1), sorted.get(i)));
    }
    Collections.sort(gaps);
    Duration median = gaps.get(gaps.size() / 2);
    return median.isZero() ? Optional.empty() : Optional.of(median);
  }
}
