package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.feedpipe.config.SettingValues;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real distributed Connect worker ({@code ConnectDistributed} in a child JVM, exactly-once source
 * support enabled) on the embedded broker, the connector loaded from the plugin directory the build
 * makes, created over REST; local feeds over HTTP; stories read back {@code read_committed}.
 */
class ConnectWorkerTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final ObjectMapper json = new ObjectMapper();
  private static final int FEEDS = 10;
  private static final int STORIES = 5;
  private static final Duration GATE_LIMIT = Duration.ofSeconds(60);
  /** Secrets the one-worker case gives the connector: by file and env reference, and as they are. */
  private static final String FILE_SECRET = "file-secret-3f9a1c";
  private static final String SECRET_ENV = "FEEDPIPE_TEST_SECRET";
  private static final String ENV_SECRET = "env-secret-8b27d4";
  private static final String DIRECT_SECRET = "direct-secret-51e0c7";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> workers = new ArrayList<>();
  private HttpServer feedServer;
  private int storiesPerFeed = STORIES;
  /** Requests answered after this many wait for {@link #gate}: polls caught in flight. */
  private int servedBeforeGate = Integer.MAX_VALUE;
  private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : workers) {
      p.destroyForcibly().waitFor();
    }
    gate.countDown();
    if (feedServer != null) {
      feedServer.stop(0);
    }
  }

  /**
   * One worker with the Prometheus JMX exporter agent and config providers: every story once, the
   * connector and task metrics scraped from the agent, and secrets given by reference kept out of
   * what the worker shows and logs.
   */
  @Test
  void aWorkerPublishesEveryStoryOfEveryFeedExactlyOnce() throws Exception {
    String prefix = "cw";
    FeedsTopic.write(settings(prefix), serveFeeds(0, FEEDS), List.of());
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "prefix=" + prefix + "\nkeyPassword=" + FILE_SECRET + "\n");
    int exporter = freePort();

    int rest = startWorker("cw-cluster", "-javaagent:" + Path.of("target", "jmx-exporter", "jmx_prometheus_javaagent.jar")
        .toAbsolutePath() + "=127.0.0.1:" + exporter + ":" + Path.of("..", "docker", "connect", "jmx-exporter.yaml").toAbsolutePath());
    Map<String, String> byReference = new LinkedHashMap<>();
    byReference.put("topics.prefix", "${file:" + secrets + ":prefix}"); // resolved, or no story reaches cw.stories
    byReference.put("kafka.common.ssl.key.password", "${file:" + secrets + ":keyPassword}");
    byReference.put("kafka.common.ssl.truststore.password", "${env:" + SECRET_ENV + "}");
    byReference.put("kafka.common.ssl.keystore.password", DIRECT_SECRET); // given as it is: Connect stores and echoes it
    createConnector(rest, prefix, 2, byReference);

    assertEveryStoryOnce(prefix, FEEDS, STORIES);
    JsonNode status = json.readTree(get(rest, "/connectors/feedpipe/status"));
    assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
    assertThat(status.at("/tasks")).hasSize(2).allSatisfy(t -> assertThat(t.at("/state").asText()).isEqualTo("RUNNING"));

    // the exporter agent's page: feedpipe's task metrics under the service's names, and Connect's own
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String page = scrape(exporter);
      Files.writeString(Path.of("target", "connect-worker-metrics.txt"), page); // to read when it fails
      assertThat(sum(page, "feedpipe_feeds")).isEqualTo(FEEDS);
      assertThat(sum(page, "feedpipe_polls_total", "outcome=\"ok\"")).isGreaterThanOrEqualTo(FEEDS);
      assertThat(sum(page, "feedpipe_polls_total", "outcome=\"parse_error\"")).isZero();
      assertThat(sum(page, "feedpipe_published_records_total", "topic=\"stories\"")).isEqualTo(FEEDS * STORIES);
      assertThat(sum(page, "feedpipe_transactions_total")).isGreaterThanOrEqualTo(FEEDS);
      assertThat(sum(page, "feedpipe_transaction_records_max")).isPositive();
      assertThat(sum(page, "kafka_connect_connector_status", "connector=\"feedpipe\"", "status=\"running\"")).isEqualTo(1);
      assertThat(sum(page, "kafka_connect_task_status", "connector=\"feedpipe\"", "status=\"running\"")).isEqualTo(2);
      assertThat(sum(page, "kafka_connect_source_task_source_record_write_total", "connector=\"feedpipe\""))
          .isGreaterThanOrEqualTo(FEEDS * (STORIES + 2)); // stories, feed status, feed state
      assertThat(sum(page, "kafka_connect_source_task_transaction_size_max", "connector=\"feedpipe\"")).isPositive();
    });

    // secrets given by reference: the worker stores and shows the reference, and logs neither
    String shown = get(rest, "/connectors/feedpipe/config") + get(rest, "/connectors/feedpipe/tasks")
        + get(rest, "/connectors/feedpipe");
    assertThat(shown).doesNotContain(FILE_SECRET, ENV_SECRET).contains("${file:" + secrets + ":keyPassword}");
    assertThat(shown).contains(DIRECT_SECRET); // Connect shows a connector's config as given: hence references
    JsonNode validated = json.readTree(validate(rest, byReference));
    assertThat(validated.findParents("value").stream().map(v -> v.path("value"))
        .filter(v -> v.path("name").asText().equals("kafka.common.ssl.keystore.password")).findFirst().orElseThrow()
        .path("value").asText()).isEqualTo("[hidden]"); // typed PASSWORD
    assertThat(validated.toString()).doesNotContain(DIRECT_SECRET, FILE_SECRET, ENV_SECRET);
    assertThat(Files.readString(Path.of("target", "connect-worker-" + rest + ".log")))
        .contains("feedpipe task 0 of 2 starting").doesNotContain(FILE_SECRET, ENV_SECRET, DIRECT_SECRET);
  }

  /**
   * Two workers, four tasks; one worker SIGKILLed while polls are in flight, 20 feeds added to the
   * feeds topic meanwhile: every story once, and everything RUNNING on the survivor.
   */
  @Test
  void aWorkerKilledMidRunLosesAndDuplicatesNothing() throws Exception {
    String prefix = "ck";
    int feeds = 100;
    int added = 20;
    storiesPerFeed = 50;
    servedBeforeGate = 30;
    FeedsTopic.write(settings(prefix), serveFeeds(0, feeds), List.of());
    int first = startWorker("ck-cluster");
    int second = startWorker("ck-cluster");
    createConnector(first, prefix, 4);

    // polls caught in flight: 30 feeds answered, the next held at the feed server
    await().atMost(Duration.ofSeconds(120)).until(() -> requests.get() > servedBeforeGate + 1);
    JsonNode running = json.readTree(get(first, "/connectors/feedpipe/status"));
    String victim = running.at("/tasks/0/worker_id").asText();
    int killed = victim.endsWith(":" + second) ? 1 : 0;
    int survivor = killed == 1 ? first : second;
    workers.get(killed).destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no task stop
    FeedsTopic.write(settings(prefix), serveFeeds(feeds, feeds + added), List.of());
    gate.countDown();

    assertEveryStoryOnce(prefix, feeds + added, storiesPerFeed);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
      JsonNode status = json.readTree(get(survivor, "/connectors/feedpipe/status"));
      assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
      assertThat(status.at("/tasks")).hasSize(4).allSatisfy(t -> {
        assertThat(t.at("/state").asText()).isEqualTo("RUNNING");
        assertThat(t.at("/worker_id").asText()).isEqualTo("127.0.0.1:" + survivor);
      });
    });
  }

  private static PublishSettings settings(String prefix) {
    return PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(PublishSettings.TOPIC_PREFIX, prefix));
  }

  private void createConnector(int rest, String prefix, int tasks) throws IOException, InterruptedException {
    createConnector(rest, prefix, tasks, Map.of());
  }

  private void createConnector(int rest, String prefix, int tasks, Map<String, String> more)
      throws IOException, InterruptedException {
    Map<String, String> config = connectorConfig(prefix, tasks, more);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
            + "/connectors/feedpipe/config")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
  }

  /** The worker's validation of the connector's config with {@code more}, as JSON. */
  private String validate(int rest, Map<String, String> more) throws IOException, InterruptedException {
    Map<String, String> validated = connectorConfig("cw", 2, more);
    validated.put("name", "feedpipe");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
            + "/connector-plugins/FeedSourceConnector/config/validate")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(validated))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static Map<String, String> connectorConfig(String prefix, int tasks, Map<String, String> more) {
    Map<String, String> config = new LinkedHashMap<>(FeedSourceConnector.REQUIRED_CONVERTERS);
    config.put("connector.class", FeedSourceConnector.class.getName());
    config.put("tasks.max", Integer.toString(tasks));
    config.put("exactly.once.support", "required");
    config.put("kafka.bootstrapServers", kafka.bootstrapServers());
    config.put("topics.prefix", prefix);
    config.put("topics.partitions", "2");
    config.put("fetch.allowedAddresses", "127.0.0.1/32");
    config.putAll(more);
    return config;
  }

  /** The exporter agent's page. */
  private String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The sum of a series' samples on an exporter page, over its lines that carry every label given. */
  private static double sum(String page, String name, String... labels) {
    return page.lines()
        .filter(line -> line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Once every feed's state is committed (its stories were, in the same transactions): each story exactly once. */
  private static void assertEveryStoryOnce(String prefix, int feeds, int stories) {
    Topics topics = new Topics(prefix);
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      Map<String, byte[]> states = new HashMap<>();
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
        readAll(consumer, topics.feedState()).forEach(r -> states.put(r.key(), r.value()));
        return states.size() == feeds;
      });
      List<ConsumerRecord<String, byte[]>> records = readAll(consumer, topics.stories());
      Set<String> eventIds = new HashSet<>();
      for (ConsumerRecord<String, byte[]> r : records) {
        eventIds.add(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
      }
      assertThat(eventIds).hasSize(feeds * stories);
      assertThat(records).hasSize(feeds * stories);
    }
  }

  private List<FeedDefinition> serveFeeds(int from, int to) throws IOException {
    if (feedServer == null) {
      startFeedServer();
    }
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = from; i < to; i++) {
      feeds.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + feedServer.getAddress().getPort() + "/f" + i + ".xml")));
    }
    return feeds;
  }

  private void startFeedServer() throws IOException {
    feedServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    feedServer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    feedServer.createContext("/", exchange -> {
      if (requests.incrementAndGet() > servedBeforeGate) {
        try {
          gate.await(GATE_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String path = exchange.getRequestURI().getPath();
      StringBuilder items = new StringBuilder();
      for (int i = 0; i < storiesPerFeed; i++) {
        items.append("<item><guid>").append(path).append('#').append(i).append("</guid><title>Story ").append(i)
            .append(" of ").append(path).append("</title><link>https://news.example").append(path).append('/')
            .append(i).append("</link><description>Body of story ").append(i).append(" of ").append(path)
            .append(".</description></item>");
      }
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>" + path
          + "</title><link>https://news.example/</link><description>t</description>" + items + "</channel></rss>")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    feedServer.start();
  }

  /**
   * Starts a worker of {@code cluster} in its own JVM (with {@code jvmOptions}, e.g. an agent);
   * returns its REST port once it answers. Its config providers are {@code file} and {@code env}.
   */
  private int startWorker(String cluster, String... jvmOptions) throws IOException {
    int rest = freePort();
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Path properties = dir.resolve("worker-" + rest + ".properties");
    Files.writeString(properties, String.join("\n",
        "bootstrap.servers=" + kafka.bootstrapServers(),
        "group.id=" + cluster,
        "listeners=http://127.0.0.1:" + rest,
        "rest.advertised.host.name=127.0.0.1",
        "rest.advertised.port=" + rest,
        "plugin.path=" + target.resolve("plugin"),
        "key.converter=org.apache.kafka.connect.json.JsonConverter",
        "value.converter=org.apache.kafka.connect.json.JsonConverter",
        "config.storage.topic=" + cluster + "-configs",
        "offset.storage.topic=" + cluster + "-offsets",
        "status.storage.topic=" + cluster + "-status",
        "config.storage.replication.factor=1",
        "offset.storage.replication.factor=1",
        "status.storage.replication.factor=1",
        "exactly.once.source.support=enabled",
        "scheduled.rebalance.max.delay.ms=5000",
        "session.timeout.ms=6000",
        "heartbeat.interval.ms=2000",
        "config.providers=file,env",
        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
        "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
        ""));
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, """
        <configuration><appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder>
        <pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>
        <root level="INFO"><appender-ref ref="OUT"/></root></configuration>
        """);
    String classpath = Files.readString(target.resolve("worker-classpath.txt")).strip();
    Path log = target.resolve("connect-worker-" + rest + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dlogback.configurationFile=" + logback));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", classpath, "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put(SECRET_ENV, ENV_SECRET);
    Process worker = builder.start();
    workers.add(worker);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> {
          if (!worker.isAlive()) {
            throw new AssertionError("the worker exited with " + worker.exitValue() + "; see " + log);
          }
          return get(rest, "/connector-plugins").contains(FeedSourceConnector.class.getName());
        });
    return rest;
  }

  private String get(int rest, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Every committed record of {@code topic}, from its beginning to its end as of now. */
  private static List<ConsumerRecord<String, byte[]>> readAll(KafkaConsumer<String, byte[]> consumer, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}
