package io.feedpipe.app;

import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigException;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.config.Durations;
import io.feedpipe.publish.KafkaAccessException;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code feedpipe tail}: prints the events of a topic, one JSON value per line, as a {@code
 * read_committed} consumer (so aborted transactions are never shown). It reads every partition
 * without joining a consumer group, so it never moves anybody's offsets. It connects as {@code run}
 * does (the same config file, environment and {@code kafka.common.*}/{@code kafka.consumer.*}), and
 * every way it can fail is one line on stderr and exit code 1: no broker answering within {@code
 * tail.brokerTimeout}, a topic still missing after {@code tail.topicTimeout}, refused credentials.
 * Ctrl-C or SIGTERM stops it at once (exit 0).
 */
@Command(name = "tail", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = "Print the events of a topic as they arrive, one JSON value per line (read_committed: only committed "
        + "transactions). Connects as `feedpipe run` does: the same --config file, FEEDPIPE_* environment and "
        + "kafka.common.* settings. Stops on Ctrl-C or after --max events.")
final class TailCommand implements Callable<Integer> {

  @Mixin ConfigFileOption configFile = new ConfigFileOption();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (kafka.bootstrapServers; also KAFKA_BOOTSTRAP_SERVERS).%n"
          + "Default: the embedded broker of `feedpipe run`, 127.0.0.1:<kafka.embeddedPort>.")
  Optional<String> bootstrapServers = Optional.empty();

  @Option(names = "--topic", paramLabel = "T",
      description = "Topic to read.%nDefault: <topics.prefix>.stories.")
  Optional<String> topic = Optional.empty();

  @Option(names = "--from", paramLabel = "beginning|end|TIME",
      description = "Where to start: the beginning, the end (only new events), an instant (2026-11-28T10:00:00Z), "
          + "a day (2026-11-28, from 00:00 UTC) or a duration ago (30m, 2h).%nDefault: beginning.")
  String from = "beginning";

  @Option(names = {"--max", "--max-messages"}, paramLabel = "N",
      description = "Stop after N events.%nDefault: never.")
  Optional<Long> max = Optional.empty();

  @Option(names = "--keys", description = "Print each event's key and a tab before its value.")
  boolean keys;

  @Option(names = "--topic-timeout", paramLabel = "DURATION",
      description = "How long to wait for a missing topic (tail.topicTimeout).%n"
          + "Default: ${sys:feedpipe.default.tail.topicTimeout}")
  Optional<String> topicTimeout = Optional.empty();

  /** Counted down to stop: by a signal, or by a test. */
  private final CountDownLatch stop = new CountDownLatch(1);
  /** Counted down once the consumer is closed and nothing more is printed. */
  private final CountDownLatch finished = new CountDownLatch(1);

  /** Where tail starts reading. */
  sealed interface Start {
    record Beginning() implements Start {}

    record End() implements Start {}

    record At(Instant instant) implements Start {}
  }

  @Override
  public Integer call() {
    Map<String, String> flags = new LinkedHashMap<>();
    bootstrapServers.ifPresent(v -> flags.put(Catalogue.KAFKA_BOOTSTRAP.key(), v));
    topicTimeout.ifPresent(v -> flags.put(TailSettings.TOPIC_TIMEOUT.key(), v));
    ResolvedSettings settings = configFile.load(flags);
    Logging.toStderr(Optional.of(settings));
    Start start;
    try {
      start = start(from, Instant.now());
    } catch (IllegalArgumentException e) {
      System.err.println("feedpipe: " + e.getMessage());
      return 2;
    }
    TailSettings tail = TailSettings.from(settings);
    String servers = settings.find(Catalogue.KAFKA_BOOTSTRAP)
        .orElse("127.0.0.1:" + settings.get(Catalogue.KAFKA_EMBEDDED_PORT));
    KafkaClientSettings clients;
    try {
      clients = KafkaClientSettings.from(settings).withBootstrapServers(servers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    String name = topic.orElseGet(() -> new Topics(settings.get(PublishSettings.TOPIC_PREFIX)).stories());
    Runnable undo = StopSignals.install(this::requestStop);
    try {
      return read(clients, tail, name, start, System.out);
    } finally {
      finished.countDown();
      undo.run();
    }
  }

  /** Stops a running tail: it prints nothing more, closes its consumer and returns 0. */
  void requestStop() {
    stop.countDown();
  }

  /** Whether the tail finished within {@code timeout} after it was asked to stop (for tests). */
  boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private int read(KafkaClientSettings clients, TailSettings tail, String name, Start start, PrintStream out) {
    Map<String, Object> config = clients.config(KafkaClientSettings.Client.CONSUMER, Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, "feedpipe-tail",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(tail.brokerTimeout().toMillis())), Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    String servers = clients.bootstrapServers();
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      return fail(KafkaAccessException.of(e, servers).map(Throwable::getMessage).orElse(e.getMessage()));
    }
    Thread stopper = Thread.ofVirtual().start(() -> {
      try {
        stop.await();
        consumer.wakeup(); // ends a poll or a metadata wait at once
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (consumer) {
      Optional<List<TopicPartition>> partitions = awaitPartitions(consumer, name, tail, servers);
      if (partitions.isEmpty()) {
        return stop.getCount() == 0 ? 0 : 1;
      }
      consumer.assign(partitions.get());
      seek(consumer, partitions.get(), start);
      long printed = 0;
      long limit = max.orElse(Long.MAX_VALUE);
      while (printed < limit && stop.getCount() > 0) {
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
      return 0;
    } catch (WakeupException stopped) {
      out.flush();
      return 0;
    } catch (TimeoutException e) {
      return fail(noBroker(servers, tail));
    } catch (KafkaException e) {
      return fail(KafkaAccessException.of(e, servers).map(Throwable::getMessage)
          .orElse("reading " + name + " from Kafka at " + servers + " failed: " + e.getMessage()));
    } finally {
      stopper.interrupt();
    }
  }

  /**
   * The topic's partitions once it exists; empty (after saying why) when no broker answers, the
   * topic is still missing after {@code tail.topicTimeout}, or tail was stopped meanwhile.
   */
  private Optional<List<TopicPartition>> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer, String name,
      TailSettings tail, String servers) {
    long deadline = System.nanoTime() + tail.topicTimeout().toNanos();
    boolean told = false;
    while (true) {
      Map<String, List<PartitionInfo>> topics;
      try {
        topics = consumer.listTopics(tail.brokerTimeout());
      } catch (TimeoutException e) {
        fail(noBroker(servers, tail));
        return Optional.empty();
      }
      List<PartitionInfo> infos = topics.get(name);
      if (infos != null && !infos.isEmpty()) {
        return Optional.of(infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
      }
      if (System.nanoTime() - deadline >= 0) {
        Set<String> known = new TreeSet<>(topics.keySet());
        known.removeIf(t -> t.startsWith("__"));
        fail("topic " + name + " does not exist at " + servers + " (waited " + Durations.format(tail.topicTimeout())
            + ", tail.topicTimeout); topics there: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        return Optional.empty();
      }
      if (!told) {
        System.err.println("feedpipe: topic " + name + " does not exist yet; waiting up to "
            + Durations.format(tail.topicTimeout()) + " for it (tail.topicTimeout)");
        told = true;
      }
      try {
        if (stop.await(1, TimeUnit.SECONDS)) {
          return Optional.empty();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Start start) {
    switch (start) {
      case Start.Beginning b -> consumer.seekToBeginning(partitions);
      case Start.End e -> consumer.seekToEnd(partitions);
      case Start.At at -> {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, at.instant().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition p : partitions) {
          OffsetAndTimestamp o = offsets.get(p);
          if (o == null) {
            consumer.seekToEnd(List.of(p)); // nothing that late yet: only what comes
          } else {
            consumer.seek(p, o.offset());
          }
        }
      }
    }
  }

  /**
   * Reads {@code --from}: {@code beginning}, {@code end}, an ISO-8601 instant, a day (from its
   * start, UTC) or a duration before {@code now}.
   */
  static Start start(String from, Instant now) {
    String f = from.strip();
    if (f.equalsIgnoreCase("beginning")) {
      return new Start.Beginning();
    }
    if (f.equalsIgnoreCase("end")) {
      return new Start.End();
    }
    try {
      return new Start.At(Instant.parse(f));
    } catch (DateTimeParseException notAnInstant) {
      // a day or a duration
    }
    try {
      return new Start.At(LocalDate.parse(f).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException notADay) {
      // a duration
    }
    try {
      Duration ago = Durations.parse(f);
      if (!ago.isNegative()) {
        return new Start.At(now.minus(ago));
      }
    } catch (IllegalArgumentException notADuration) {
      // fall through to the message
    }
    throw new IllegalArgumentException("--from must be beginning, end, an instant (2026-11-28T10:00:00Z), a day "
        + "(2026-11-28) or a duration ago (30m, 2h); was '" + from + "'");
  }

  private static String noBroker(String servers, TailSettings tail) {
    return "no Kafka broker answered at " + servers + " within " + Durations.format(tail.brokerTimeout())
        + " (kafka.bootstrapServers, tail.brokerTimeout); is `feedpipe run` running? A cluster that needs TLS or "
        + "SASL also needs kafka.common.security.protocol";
  }

  private static int fail(String message) {
    System.err.println("feedpipe: " + message);
    return 1;
  }
}
