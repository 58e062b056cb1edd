package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** #19: {@code feedpipe tail} as kcat is: one line for every way it fails, a bounded wait, a prompt stop. */
class TailCommandTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger topics = new AtomicInteger();
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void printsTheFirstNEventsFromTheBeginningAndStops() throws Exception {
    String topic = topicWith(5);

    Run run = tail(new TailCommand(), "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--max", "3");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly("v0", "v1", "v2");
  }

  @Test
  void fromAnInstantStartsAtTheFirstEventThatLate() throws Exception {
    String topic = topicWith(5); // event i at T0 + i minutes

    Run run = tail(new TailCommand(), "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
        "--from", T0.plusSeconds(150).toString(), "--max", "2", "--keys");

    assertThat(run.out().lines()).containsExactly("k3\tv3", "k4\tv4");
  }

  @Test
  void fromAcceptsADayAndADurationAgoAndRefusesAnythingElseNamingTheForms() {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    assertThat(TailCommand.start("2026-11-28", now)).isEqualTo(new TailCommand.Start.At(Instant.parse("2026-11-28T00:00:00Z")));
    assertThat(TailCommand.start("2h", now)).isEqualTo(new TailCommand.Start.At(Instant.parse("2026-11-28T10:00:00Z")));
    assertThat(TailCommand.start("END", now)).isEqualTo(new TailCommand.Start.End());

    Run run = tail(new TailCommand(), "--from", "yesterday");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--from must be beginning, end, an instant");
  }

  @Test // #19: it used to poll with nothing assigned and die with "Consumer is not subscribed to any topics"
  void aMissingTopicIsAwaitedForTheTimeoutThenNamedWithTheTopicsThatExist() throws Exception {
    String existing = topicWith(1);

    Run run = tail(new TailCommand(), "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "feedpipe.storeis",
        "--topic-timeout", "1s");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines()).containsExactly(
        "feedpipe: topic feedpipe.storeis does not exist yet; waiting up to 1s for it (tail.topicTimeout)",
        run.err().lines().toList().get(1));
    assertThat(run.err().lines().toList().get(1))
        .startsWith("feedpipe: topic feedpipe.storeis does not exist at " + kafka.bootstrapServers() + " (waited 1s, tail.topicTimeout); topics there: ")
        .contains(existing);
  }

  @Test
  void aTopicCreatedWhileWaitingIsRead() throws Exception {
    String topic = "late-" + topics.incrementAndGet();
    CompletableFuture<Run> running = CompletableFuture.supplyAsync(() ->
        tail(new TailCommand(), "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--max", "1"));

    produce(topic, 1);

    Run run = running.get(2, TimeUnit.MINUTES);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly("v0");
    assertThat(run.err()).contains("does not exist yet; waiting up to 1m");
  }

  @Test // #19: 36 s of warnings, then "Timeout expired while fetching topic metadata"
  void noBrokerAnsweringIsOneLineAfterTheBrokerTimeout() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("tail.yaml"), "tail.brokerTimeout: 1s\n");

    Run run = tail(new TailCommand(), "--config", config.toString(), "--bootstrap-servers", "127.0.0.1:" + closed);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .isEqualTo("feedpipe: no Kafka broker answered at 127.0.0.1:" + closed + " within 1s (kafka.bootstrapServers, "
            + "tail.brokerTimeout); is `feedpipe run` running? A cluster that needs TLS or SASL also needs "
            + "kafka.common.security.protocol");
  }

  @Test // #19: Ctrl-C took 5 s
  void aStopRequestEndsTheTailAtOnceWithExitZero() throws Exception {
    String topic = topicWith(2);
    TailCommand command = new TailCommand();
    CompletableFuture<Run> running = CompletableFuture.supplyAsync(() ->
        tail(command, "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic));
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> captured(command).lines().count() == 2);

    command.requestStop();

    // the bound only guards against a hang: the stop wakes the consumer, nothing waits for a time-out
    assertThat(command.awaitFinished(Duration.ofSeconds(30))).isTrue();
    Run run = running.get(30, TimeUnit.SECONDS);
    assertThat(run.exit()).isZero();
    assertThat(run.out().lines()).containsExactly("v0", "v1");
  }

  private String topicWith(int events) throws Exception {
    String topic = "tail-" + topics.incrementAndGet();
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    produce(topic, events);
    return topic;
  }

  private static void produce(String topic, int events) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < events; i++) {
        producer.send(new ProducerRecord<>(topic, 0, T0.plusSeconds(60L * i).toEpochMilli(), "k" + i, "v" + i)).get();
      }
    }
  }

  private static final Map<TailCommand, ByteArrayOutputStream> outputs = new java.util.concurrent.ConcurrentHashMap<>();

  private static String captured(TailCommand command) {
    ByteArrayOutputStream out = outputs.get(command);
    return out == null ? "" : out.toString(StandardCharsets.UTF_8);
  }

  /** Runs tail with System.out and System.err captured (one tail at a time per test). */
  private static synchronized Run tail(TailCommand command, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    outputs.put(command, capturedOut);
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(command).setExecutionExceptionHandler((e, cmd, parse) -> {
        System.err.println("feedpipe: " + e.getMessage());
        return 1;
      }).execute(args);
      return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
