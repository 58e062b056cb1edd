package io.feedpipe.e2e.benchmark;

/**
 * The steady part of a run: the rate between the moments a count of work done first reached {@value
 * #FROM} and {@value #TO} of the whole, so that start (topics, group, tasks, the first poll) and the
 * tail (the last commit, the reader's last poll) fall outside it. Fed with the count as often as the
 * caller reads it; not thread-safe (one reader).
 */
final class Steady {
  /** Share of the whole done when the steady part starts. */
  static final double FROM = 0.2;
  /** Share of the whole done when it ends. */
  static final double TO = 0.9;

  private final long whole;
  private long fromNanos = -1;
  private long fromCount;
  private long toNanos = -1;
  private long toCount;

  Steady(long whole) {
    if (whole <= 0) {
      throw new IllegalArgumentException("whole must be positive: " + whole);
    }
    this.whole = whole;
  }

  /** Notes that {@code count} of the whole was done at {@code nanos} ({@link System#nanoTime()}). */
  void seen(long count, long nanos) {
    if (fromNanos < 0 && count >= FROM * whole) {
      fromNanos = nanos;
      fromCount = count;
    }
    if (toNanos < 0 && count >= TO * whole) {
      toNanos = nanos;
      toCount = count;
    }
  }

  /** Whether the steady part has begun. */
  boolean begun() {
    return fromNanos >= 0;
  }

  /** Whether the steady part has ended. */
  boolean ended() {
    return toNanos >= 0;
  }

  /** Work per second over the steady part, or NaN when it was not seen (the count leapt past both marks at once). */
  double rate() {
    return toNanos > fromNanos && fromNanos >= 0 ? (toCount - fromCount) / ((toNanos - fromNanos) / 1e9) : Double.NaN;
  }

  /** How long the steady part lasted, in seconds (NaN when not seen). */
  double seconds() {
    return toNanos > fromNanos && fromNanos >= 0 ? (toNanos - fromNanos) / 1e9 : Double.NaN;
  }
}
