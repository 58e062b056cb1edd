package io.feedpipe.publish;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the feed-state topic from the beginning to its end offsets with {@code read_committed}:
 * the last committed state of every feed. A tombstone forgets a feed; a record that does not
 * decode is logged and skipped (the feed starts from its previous record or afresh).
 *
 * <p>Must run after the producer's {@code initTransactions()}: that completes or aborts a
 * transaction a previous incarnation left open. It then reads with {@code read_committed} until
 * its position passes the log end offsets taken at the start (not merely the last stable offset),
 * so a committed state behind a transaction still settling is never missed.
 * Bounded by the given deadline; the consumer lives only for the call.
 *
 * <p>Incremental: given the positions an earlier read reached and the states it returned (with
 * whatever this instance committed since applied), it reads only the records after those
 * positions — a suffix of what the full read would fold, so the result is the same. It falls back
 * to the full read when the positions no longer fit the topic (other partitions, an offset below
 * the log start or above the log end: the topic was recreated or truncated).
 *
 * <p>A read that takes longer than {@link RestoreProgress#INTERVAL} logs a progress line at that
 * interval (records and bytes read of about how many, feeds so far), and every read ends with one
 * line saying what it read, in how long and at how many MB/s.
 */
final class StateRestore {
  private static final Logger log = LoggerFactory.getLogger(StateRestore.class);
  /** Largest fetch from one partition: 16 MiB, so a restore needs few round trips. */
  static final int MAX_PARTITION_FETCH_BYTES = 16 << 20;
  /** Largest fetch over all partitions: 64 MiB, the restore consumer's memory bound. */
  static final int FETCH_MAX_BYTES = 64 << 20;

  private StateRestore() {}

  /**
   * What a read found: every feed's state, the position reached in each partition (the next
   * read may start there) and how many records it read.
   */
  record Restored(Map<String, FeedState> states, Map<TopicPartition, Long> positions, long records, boolean full) {
    Restored {
      positions = Map.copyOf(positions);
    }
  }

  /** The full read, from the beginning of every partition. */
  static Restored read(PublishSettings settings, Topics topics, Duration within) throws TimeoutException {
    return read(settings, topics, null, Map.of(), within);
  }

  /**
   * Reads on from {@code since}, the positions an earlier read reached, folding the records into
   * {@code current} (the states that read returned, with this instance's commits after it
   * applied); the full read when {@code since} is null or no longer fits the topic.
   */
  static Restored read(PublishSettings settings, Topics topics, @Nullable Map<TopicPartition, Long> since,
      Map<String, FeedState> current, Duration within) throws TimeoutException {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Object> props = settings.kafka().config(KafkaClientSettings.Client.CONSUMER, Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-state-restore",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()),
        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()),
        // large fetches: a restore reads the whole topic once, as fast as the broker sends it
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MAX_PARTITION_FETCH_BYTES),
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES)), Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")); // never skip ahead past records silently
    Map<String, FeedState> states = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topics.feedState(), settings.maxBlock());
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new TimeoutException("no partitions known for " + topics.feedState());
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = logEndOffsets(settings, partitions);
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
      boolean full = since == null || !fits(since, beginning, end);
      if (full) {
        consumer.seekToBeginning(partitions);
      } else {
        states.putAll(current);
        since.forEach(consumer::seek);
      }
      RestoreProgress progress = new RestoreProgress(topics.feedState(), full ? beginning : since, end, System.nanoTime());
      long records = 0;
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topics.feedState() + " to its end offsets " + end
              + " took longer than " + within);
        }
        progress.report(System.nanoTime(), records, states.size()).ifPresent(log::info);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records++;
          progress.read(r.serializedValueSize());
          fold(r, states, FeedStateCodec::decode, "feed state");
        }
      }
      Map<TopicPartition, Long> positions = new HashMap<>();
      for (TopicPartition p : partitions) {
        positions.put(p, consumer.position(p));
      }
      log.info("Restored the state of {} feeds from {} records of {}{} {}", states.size(), records, topics.feedState(),
          full ? "" : " written since the previous read", progress.summary(System.nanoTime()));
      return new Restored(states, positions, records, full);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      TimeoutException t = new TimeoutException("reading " + topics.feedState() + ": " + e.getMessage());
      t.initCause(e);
      throw t;
    }
  }

  /**
   * The last committed feed-status record of every feed, read from the compacted feed-status topic
   * to its last stable offsets: what {@code /feeds} shows for a feed not polled since the start.
   * Best effort: what does not decode is skipped, and a read that fails or passes {@code within}
   * returns what it has (the statuses are informational; the feed states are what matter).
   */
  static Map<String, FeedStatus> readStatuses(PublishSettings settings, Topics topics, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Object> props = settings.kafka().config(KafkaClientSettings.Client.CONSUMER, Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-status-restore",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis())), Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    Map<String, FeedStatus> statuses = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.feedStatus(), settings.maxBlock()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.maxBlock());
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          fold(r, statuses, JsonCodec::decodeStatus, "feed status");
        }
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      log.warn("Could not read the last feed statuses from {} (/feeds shows them after each feed's next poll): {}",
          topics.feedStatus(), e.toString());
    }
    return statuses;
  }

  /** Reads a record's value; throws when it does not decode. */
  private interface Decoder<T> {
    T decode(byte[] value) throws IOException;
  }

  /**
   * Folds one record of a compacted topic keyed by feed id into {@code into}: a tombstone forgets
   * the feed, a value that does not decode is logged and skipped (the feed keeps its earlier one).
   */
  private static <T> void fold(ConsumerRecord<String, byte[]> r, Map<String, T> into, Decoder<T> decoder, String what) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      into.remove(r.key());
      return;
    }
    try {
      into.put(r.key(), decoder.decode(r.value()));
    } catch (IOException | RuntimeException e) {
      log.warn("Skipping undecodable {} of feed {} at {}-{}@{}: {}", what, r.key(), r.topic(), r.partition(),
          r.offset(), e.toString());
    }
  }

  /** Whether positions of an earlier read still lie within these partitions' logs. */
  static boolean fits(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end) {
    if (!positions.keySet().equals(end.keySet())) {
      return false;
    }
    for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
      long at = e.getValue();
      if (at < start.getOrDefault(e.getKey(), Long.MAX_VALUE) || at > end.get(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The log end offsets (read_uncommitted). A read_committed consumer's own end offsets are the last
   * stable offsets, which an open transaction — another producer's, or markers still being written —
   * can hold short of committed records; reading on until the position passes the log end waits
   * for those transactions to settle instead of missing a committed state.
   */
  private static Map<TopicPartition, Long> logEndOffsets(PublishSettings settings, List<TopicPartition> partitions) {
    Map<String, Object> props = settings.kafka().config(KafkaClientSettings.Client.CONSUMER, Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-state-end",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis())), Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return consumer.endOffsets(partitions, settings.maxBlock());
    }
  }

  private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
