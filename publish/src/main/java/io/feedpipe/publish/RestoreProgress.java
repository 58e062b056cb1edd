package io.feedpipe.publish;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What a read of the feed-state topic has done so far, for the log: a progress line every {@link
 * #INTERVAL} while it runs, a summary when it ends. The total is the offsets between where the read
 * starts and the log end: an upper bound, since compaction leaves gaps. Times are {@link
 * System#nanoTime()} values passed in. Not thread-safe: one read's thread.
 */
final class RestoreProgress {
  /** How often a long read says how far it got. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final String topic;
  private final long offsets;
  private final long startedNanos;
  private long nextReportNanos;
  private long bytes;

  RestoreProgress(String topic, Map<TopicPartition, Long> from, Map<TopicPartition, Long> end, long nowNanos) {
    this.topic = topic;
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      total += Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L));
    }
    this.offsets = total;
    this.startedNanos = nowNanos;
    this.nextReportNanos = nowNanos + INTERVAL.toNanos();
  }

  void read(int valueBytes) {
    bytes += Math.max(0, valueBytes);
  }

  /** The progress line, when one is due at {@code nowNanos}. */
  Optional<String> report(long nowNanos, long records, int feeds) {
    if (nowNanos - nextReportNanos < 0) {
      return Optional.empty();
    }
    nextReportNanos = nowNanos + INTERVAL.toNanos();
    long percent = offsets == 0 ? 100 : Math.min(100, records * 100 / offsets);
    return Optional.of(String.format(Locale.ROOT, "Restoring feed state from %s: %,d of at most %,d records (%d%%), %s, %,d feeds, %s",
        topic, records, offsets, percent, megabytes(bytes), feeds, seconds(nowNanos - startedNanos)));
  }

  /** How much the read took and how fast it went: {@code (12.3 MB in 0.4 s, 30.1 MB/s)}. */
  String summary(long nowNanos) {
    long took = Math.max(1, nowNanos - startedNanos);
    return String.format(Locale.ROOT, "(%s in %s, %.1f MB/s)", megabytes(bytes), seconds(took), bytes / 1e6 / (took / 1e9));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
