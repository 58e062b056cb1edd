package io.feedpipe.publish;

import io.feedpipe.model.FeedState;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the feed-state topic from the beginning to its end offsets with {@code read_committed}:
 * the last committed state of every feed. A tombstone forgets a feed; a record that does not
 * decode is logged and skipped (the feed starts from its previous record or afresh).
 *
 * <p>Must run after the producer's {@code initTransactions()}: that completes or aborts a
 * transaction a previous incarnation left open, so the end offsets include everything committed.
 * Bounded by the given deadline; the consumer lives only for the call.
 */
final class StateRestore {
  private static final Logger log = LoggerFactory.getLogger(StateRestore.class);

  private StateRestore() {}

  static Map<String, FeedState> read(PublishSettings settings, Topics topics, Duration within)
      throws TimeoutException {
    long deadline = System.nanoTime() + within.toNanos();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-state-restore");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()));
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()));
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
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.maxBlock());
      long records = 0;
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topics.feedState() + " to its end offsets " + end
              + " took longer than " + within);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records++;
          if (r.key() == null) {
            continue;
          }
          if (r.value() == null) {
            states.remove(r.key());
            continue;
          }
          try {
            states.put(r.key(), JsonCodec.decodeState(r.value()));
          } catch (IOException | RuntimeException e) {
            log.warn("Skipping undecodable feed state of feed {} at {}-{}@{}: {}",
                r.key(), r.topic(), r.partition(), r.offset(), e.toString());
          }
        }
      }
      log.info("Restored the state of {} feeds from {} records of {}", states.size(), records, topics.feedState());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      TimeoutException t = new TimeoutException("reading " + topics.feedState() + ": " + e.getMessage());
      t.initCause(e);
      throw t;
    }
    return states;
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
