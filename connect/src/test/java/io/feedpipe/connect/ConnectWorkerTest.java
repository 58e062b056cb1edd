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
 * makes, created over REST; local feeds over HTTP; stories read back {@code read_committed}. Two
 * workers, so the test also covers what one worker alone would.
 */
class ConnectWorkerTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final ObjectMapper json = new ObjectMapper();
  private static final Duration GATE_LIMIT = Duration.ofSeconds(60);
  /** Secrets the connector is given: by file and env reference through the worker's config providers, and as they are. */
  private static final String FILE_SECRET = "file-secret-3f9a1c";
  private static final String SECRET_ENV = "FEEDPIPE_TEST_SECRET";
  private static final String ENV_SECRET = "env-secret-8b27d4";
  private static final String DIRECT_SECRET = "direct-secret-51e0c7";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> workers = new ArrayList<>();
  private HttpServer feedServer;
  private int storiesPerFeed;
  /** Requests answered after this many wait for {@link #gate}: polls caught in flight. */
  private int servedBeforeGate = Integer.MAX_VALUE;
  private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
  private static final String FEED_ETAG = "\"v1\"";
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
   * Two workers, four tasks; one worker SIGKILLed while polls are in flight, 20 feeds added to the
   * feeds topic meanwhile: every story once, and everything RUNNING on the survivor. The workers run
   * the Prometheus JMX exporter agent (the survivor's page shows feedpipe's and Connect's series) and
   * the connector gets secrets by reference through the workers' config providers (neither the REST
   * answers nor the logs show them).
   */
  @Test
  void aWorkerKilledMidRunLosesAndDuplicatesNothing() throws Exception {
    String prefix = "ck";
    int feeds = 100;
    int added = 20;
    storiesPerFeed = 50;
    servedBeforeGate = 30;
    FeedsTopic.write(settings(prefix), serveFeeds(0, feeds), List.of());
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "prefix=" + prefix + "\nkeyPassword=" + FILE_SECRET + "\n");
    Map<Integer, Integer> exporters = new HashMap<>();
    int first = startWorkerWithExporter("ck-cluster", exporters);
    int second = startWorkerWithExporter("ck-cluster", exporters);
    Map<String, String> byReference = new LinkedHashMap<>();
    byReference.put("topics.prefix", "${file:" + secrets + ":prefix}"); // the worker resolves it: "${" breaks the rule
    byReference.put("kafka.common.ssl.key.password", "${file:" + secrets + ":keyPassword}");
    byReference.put("kafka.common.ssl.truststore.password", "${env:" + SECRET_ENV + "}");
    byReference.put("kafka.common.ssl.keystore.password", DIRECT_SECRET); // given as it is: Connect stores and echoes it
    createConnector(first, prefix, 4, byReference);

    // polls caught in flight: 30 feeds answered, the next held at the feed server
    await().atMost(Duration.ofSeconds(120)).until(() -> requests.get() > servedBeforeGate + 1);
    // and every task started: an exactly-once task starts only once the leader has fenced its
    // predecessors, so one still starting when the leader dies stays FAILED until restarted by hand
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
      JsonNode tasks = json.readTree(get(first, "/connectors/feedpipe/status")).at("/tasks");
      return tasks.size() == 4 && java.util.stream.StreamSupport.stream(tasks.spliterator(), false)
          .allMatch(t -> t.at("/state").asText().equals("RUNNING"));
    });
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
    assertTheExporterShowsTheTasks(exporters.get(survivor), feeds + added, 4);
    assertSecretsByReferenceAreNotShown(survivor, secrets, List.of(first, second));
  }

  /** The agent's page: feedpipe's task metrics under the service's names, and Connect's own. */
  private void assertTheExporterShowsTheTasks(int exporter, int feeds, int tasks) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String page = scrape(exporter);
      Files.writeString(Path.of("target", "connect-worker-metrics.txt"), page); // to read when it fails
      assertThat(sum(page, "feedpipe_feeds")).isEqualTo(feeds); // each feed owned by one task
      assertThat(page.lines().filter(l -> l.startsWith("feedpipe_feeds{"))).hasSize(tasks);
      assertThat(sum(page, "feedpipe_polls_total", "outcome=\"ok\"")).isPositive();
      assertThat(sum(page, "feedpipe_polls_total", "outcome=\"parse_error\"")).isZero();
      assertThat(sum(page, "feedpipe_polls_total", "outcome=\"not_modified\"")).isPositive();
      assertThat(sum(page, "feedpipe_published_records_total", "topic=\"stories\"")).isPositive()
          .isLessThanOrEqualTo(feeds * storiesPerFeed);
      assertThat(sum(page, "feedpipe_transactions_total")).isPositive();
      assertThat(sum(page, "feedpipe_transaction_records_max")).isPositive();
      assertThat(sum(page, "kafka_connect_connector_status", "connector=\"feedpipe\"", "status=\"running\"")).isEqualTo(1);
      assertThat(sum(page, "kafka_connect_task_status", "connector=\"feedpipe\"", "status=\"running\"")).isEqualTo(tasks);
      assertThat(sum(page, "kafka_connect_source_task_source_record_write_total", "connector=\"feedpipe\"")).isPositive();
      assertThat(sum(page, "kafka_connect_source_task_transaction_size_max", "connector=\"feedpipe\"")).isPositive();
    });
  }

  /**
   * What the worker shows of the connector's config holds the references, not the secrets; a secret
   * given as it is is echoed (Connect's doing) but hidden by validation (PASSWORD-typed); no
   * worker's log holds any of them.
   */
  private void assertSecretsByReferenceAreNotShown(int rest, Path secrets, List<Integer> workerPorts) throws Exception {
    String shown = get(rest, "/connectors/feedpipe/config") + get(rest, "/connectors/feedpipe/tasks")
        + get(rest, "/connectors/feedpipe");
    assertThat(shown).doesNotContain(FILE_SECRET, ENV_SECRET).contains("${file:" + secrets + ":keyPassword}");
    assertThat(shown).contains(DIRECT_SECRET);
    Map<String, String> config = connectorConfig("ck", 4, Map.of("kafka.common.ssl.keystore.password", DIRECT_SECRET));
    config.put("name", "feedpipe");
    HttpResponse<String> validated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
            + "/connector-plugins/FeedSourceConnector/config/validate")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    JsonNode keystorePassword = null;
    for (JsonNode c : json.readTree(validated.body()).path("configs")) {
      if (c.at("/value/name").asText().equals("kafka.common.ssl.keystore.password")) {
        keystorePassword = c.at("/value/value");
      }
    }
    assertThat(keystorePassword).isNotNull().hasToString("\"[hidden]\"");
    assertThat(validated.body()).doesNotContain(DIRECT_SECRET);
    for (int port : workerPorts) {
      assertThat(Files.readString(Path.of("target", "connect-worker-" + port + ".log")))
          .contains("feedpipe task").doesNotContain(FILE_SECRET, ENV_SECRET, DIRECT_SECRET);
    }
  }

  private static PublishSettings settings(String prefix) {
    return PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(PublishSettings.TOPIC_PREFIX, prefix));
  }

  private void createConnector(int rest, String prefix, int tasks, Map<String, String> more)
      throws IOException, InterruptedException {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
            + "/connectors/feedpipe/config")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(connectorConfig(prefix, tasks, more)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
  }

  private static Map<String, String> connectorConfig(String prefix, int tasks, Map<String, String> more) {
    Map<String, String> config = new LinkedHashMap<>(FeedSourceConnector.REQUIRED_CONVERTERS);
    config.put("connector.class", FeedSourceConnector.class.getName());
    config.put("tasks.max", Integer.toString(tasks));
    config.put("exactly.once.support", "required");
    config.put("transaction.boundary", "interval"); // as docker/connect/feedpipe.json: each poll() still whole
    config.put("transaction.boundary.interval.ms", "1000");
    config.put("producer.override.linger.ms", "1000"); // as feedpipe.json: the worker's default policy allows it
    config.put("kafka.bootstrapServers", kafka.bootstrapServers());
    config.put("topics.prefix", prefix);
    config.put("topics.partitions", "2");
    config.put("fetch.allowedAddresses", "127.0.0.1/32");
    config.put("fetch.perHostMinGap", "0s"); // every feed is on 127.0.0.1; politeness is FeedSourceTaskTest's
    config.put("schedule.minInterval", "1s"); // each feed polled again and again: 304s after its first poll
    config.put("schedule.defaultInterval", "3s");
    config.putAll(more);
    return config;
  }

  /** The page of the exporter agent on {@code port}. */
  private String scrape(int port) throws IOException, InterruptedException {
    return get(port, "/metrics");
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

  /**
   * Starts a worker running the Prometheus JMX exporter agent the build copies, with compose's rules
   * ({@code docker/connect/jmx-exporter.yaml}); records its agent's port under its REST port.
   */
  private int startWorkerWithExporter(String cluster, Map<Integer, Integer> exporters) throws IOException {
    int exporter = freePort();
    int rest = startWorker(cluster, "-javaagent:" + Path.of("target", "jmx-exporter", "jmx_prometheus_javaagent.jar")
        .toAbsolutePath() + "=127.0.0.1:" + exporter + ":" + Path.of("..", "docker", "connect", "jmx-exporter.yaml")
        .toAbsolutePath());
    exporters.put(rest, exporter);
    return rest;
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
      // once fetched, a feed answers 304: the workers commit those polls' status records with no offset (#23)
      exchange.getResponseHeaders().add("ETag", FEED_ETAG);
      if (FEED_ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.sendResponseHeaders(304, -1);
        exchange.close();
        return;
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
