package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A subscriber: reads a whole topic with {@code read_committed}, validating story events against the schema. */
final class TopicReader {
  private TopicReader() {}

  static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic) {
    return readCommitted(KafkaClientSettings.plain(bootstrapServers), topic);
  }

  /** Like {@link #readCommitted(String, String)}, connecting as {@code clients} says (security included). */
  static List<ConsumerRecord<String, byte[]>> readCommitted(KafkaClientSettings clients, String topic) {
    Map<String, Object> props = clients.config(KafkaClientSettings.Client.CONSUMER, Map.of(),
        Map.of("isolation.level", "read_committed", "enable.auto.commit", "false"));
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Read up to the log end, not to the last stable offset that endOffsets gives a read_committed
      // consumer: the markers of a transaction that just committed may not be written yet, and the
      // LSO would stop the reader short of it. The position passes the LEO once every transaction
      // in the log has its marker.
      Map<TopicPartition, Long> end = logEndOffsets(clients, partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("reading %s to %s", topic, end).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static Map<TopicPartition, Long> logEndOffsets(KafkaClientSettings clients, List<TopicPartition> partitions) {
    Map<String, Object> props = clients.config(KafkaClientSettings.Client.CONSUMER, Map.of(),
        Map.of("isolation.level", "read_uncommitted"));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }
  }

  /** Story events of a stories topic, each checked against the shipped JSON Schema. */
  static List<ConsumerRecord<String, byte[]>> storyEvents(String bootstrapServers, String topic) {
    List<ConsumerRecord<String, byte[]>> records = readCommitted(bootstrapServers, topic);
    for (ConsumerRecord<String, byte[]> r : records) {
      assertThat(EventSchema.violations(r.value())).as("schema violations of %s", r.key()).isEmpty();
    }
    return records;
  }

  static String header(ConsumerRecord<String, byte[]> record, String key) {
    var h = record.headers().lastHeader(key);
    return h == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
