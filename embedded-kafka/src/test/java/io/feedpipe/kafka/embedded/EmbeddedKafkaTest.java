package io.feedpipe.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @Test
  void listensOnLoopbackOnly() {
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void committedTransactionSurvivesRestartAndAbortedOneStaysInvisible() throws Exception {
    String topic = "bounce";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = producer("tx-1")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    int portBefore = kafka.broker().port();

    kafka.broker().restart();

    assertThat(kafka.broker().port()).isEqualTo(portBefore);
    assertThat(readCommitted(topic)).containsExactly("committed");
  }

  private KafkaProducer<String, String> producer(String transactionalId) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", transactionalId),
        new StringSerializer(), new StringSerializer());
  }

  private List<String> readCommitted(String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      List<String> values = new ArrayList<>();
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
