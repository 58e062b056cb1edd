package io.feedpipe.app;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedpipe tail}: prints the events of a topic, one JSON value per line, as a {@code
 * read_committed} consumer (so aborted transactions are never shown). It reads every partition
 * without joining a consumer group, so it never moves anybody's offsets.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Print the events of a topic as they arrive, one JSON value per line (read_committed:",
      "only committed transactions). Stops on Ctrl-C or after --max-messages."})
final class TailCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers. Default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092 (the embedded broker).")
  Optional<String> bootstrapServers = Optional.empty();

  @Option(names = "--topic", paramLabel = "T", defaultValue = "feedpipe.stories",
      description = "Topic to read. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--from", paramLabel = "beginning|end", defaultValue = "beginning",
      description = "Start from the beginning of the topic or only print new events. Default: ${DEFAULT-VALUE}.")
  String from;

  @Option(names = "--max-messages", paramLabel = "N",
      description = "Stop after N events. Default: never.")
  Optional<Long> maxMessages = Optional.empty();

  @Option(names = "--keys", description = "Print each event's key and a tab before its value. Default: false.")
  boolean keys;

  @Override
  public Integer call() {
    Logging.toStderr();
    if (!from.equals("beginning") && !from.equals("end")) {
      System.err.println("feedpipe: --from must be beginning or end, was " + from);
      return 2;
    }
    String servers = bootstrapServers
        .or(() -> Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).filter(s -> !s.isBlank()))
        .orElse("127.0.0.1:9092");
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "feedpipe-tail");
    PrintStream out = System.out;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Thread main = Thread.currentThread();
      Thread hook = new Thread(() -> {
        consumer.wakeup();
        try {
          main.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      List<TopicPartition> partitions = awaitPartitions(consumer);
      consumer.assign(partitions);
      if (from.equals("beginning")) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      long limit = maxMessages.orElse(Long.MAX_VALUE);
      while (printed < limit) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (keys && record.key() != null) {
            out.write(record.key(), 0, record.key().length);
            out.write('\t');
          }
          byte[] value = record.value() == null ? "null".getBytes(StandardCharsets.UTF_8) : record.value();
          out.write(value, 0, value.length);
          out.write('\n');
          if (++printed >= limit) {
            break;
          }
        }
        out.flush();
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (WakeupException stopped) {
      // Ctrl-C / SIGTERM
    }
    return 0;
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer) {
    boolean told = false;
    while (true) {
      List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (!told) {
        System.err.println("feedpipe: waiting for topic " + topic + " to exist");
        told = true;
      }
      consumer.poll(Duration.ofSeconds(1)); // nothing assigned: returns after the timeout, wakes up on Ctrl-C
    }
  }
}
