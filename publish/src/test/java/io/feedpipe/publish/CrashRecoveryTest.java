package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service ({@link PublishHarness}) runs in a child JVM that is SIGKILLed several times during
 * a 2,000-item ingest — between the sends and the commit of a transaction, right after a commit,
 * and at a moment the child does not wait for — and restarted each time. A read_committed
 * subscriber must then find every item exactly once.
 */
class CrashRecoveryTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final int FEEDS = 4;
  private static final int ITEMS_PER_FEED = 500;

  @TempDir Path logs;

  @Test
  void everyItemIsPublishedExactlyOnceAcrossSigkillsAtRandomPointsAndRestarts() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String prefix = "crash";
    List<String> kills = new ArrayList<>();
    List<String> plan = List.of("sent", "committed", "async", "sent", "committed", "async", "sent");
    for (String kind : plan) {
      int at = 2 + random.nextInt(10);
      kills.add(kind + ":" + at);
      if (kind.equals("async")) {
        Child child = Child.start(kafka.bootstrapServers(), prefix, "none", logs.resolve("run-" + kills.size()));
        child.await("SENT " + at);
        child.kill(); // lands wherever the child is: in the commit, just after it, or in the next sends
      } else {
        Child child = Child.start(kafka.bootstrapServers(), prefix, kind + ":" + at, logs.resolve("run-" + kills.size()));
        child.await("PAUSED");
        child.kill();
      }
    }
    Child last = Child.start(kafka.bootstrapServers(), prefix, "none", logs.resolve("final"));
    last.await("DONE");
    assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(last.process.exitValue()).isZero();

    Topics topics = new Topics(prefix);
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()));
    assertThat(ExactlyOnceOracle.violations(counts, FEEDS, ITEMS_PER_FEED))
        .as("seed %d, kills %s", seed, kills).isEmpty();
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.flagged()))
        .as("one flagged copy per tenth item").hasSize(FEEDS * ITEMS_PER_FEED / 10);
    assertThat(uncommittedRecords(topics.stories()))
        .as("kills between send and commit left aborted records behind (seed %d)", seed)
        .isGreaterThan(FEEDS * ITEMS_PER_FEED);
  }

  /** Every record in the log, aborted ones included (read_uncommitted). */
  private static long uncommittedRecords(String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("isolation.level", "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }

  /** One run of the harness in its own JVM; stdout lines are queued, stderr goes to a file. */
  private record Child(Process process, BlockingQueue<String> lines) {
    static Child start(String bootstrap, String prefix, String pause, Path log) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), PublishHarness.class.getName(),
          bootstrap, prefix, prefix + "-tx", Integer.toString(FEEDS), Integer.toString(ITEMS_PER_FEED), "25", "60",
          pause);
      pb.redirectError(log.toFile());
      Process process = pb.start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("HARNESS ")) {
              lines.add(line.substring("HARNESS ".length()));
            }
          }
        } catch (IOException e) {
          lines.add("READ FAILED " + e);
        }
      }, "harness-stdout");
      reader.setDaemon(true);
      reader.start();
      return new Child(process, lines);
    }

    void await(String expected) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (expected.equals(line)) {
          return;
        }
        assertThat(line).as("the harness finished before reaching %s", expected).isNotEqualTo("DONE");
        if (line == null && !process.isAlive()) {
          throw new AssertionError("harness exited with " + process.exitValue() + " before printing " + expected);
        }
      }
      process.destroyForcibly();
      throw new AssertionError("harness did not print " + expected + " within 120 s");
    }

    /** SIGKILL: no shutdown hook, no producer close, no transaction abort. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
