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

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> workers = new ArrayList<>();
  private HttpServer feedServer;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : workers) {
      p.destroyForcibly().waitFor();
    }
    if (feedServer != null) {
      feedServer.stop(0);
    }
  }

  @Test
  void aWorkerPublishesEveryStoryOfEveryFeedExactlyOnce() throws Exception {
    String prefix = "cw";
    List<FeedDefinition> feeds = serveFeeds();
    PublishSettings settings = PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(PublishSettings.TOPIC_PREFIX, prefix));
    FeedsTopic.write(settings, feeds, List.of());

    int rest = startWorker("cw-cluster");
    Map<String, String> config = new LinkedHashMap<>(FeedSourceConnector.REQUIRED_CONVERTERS);
    config.put("connector.class", FeedSourceConnector.class.getName());
    config.put("tasks.max", "2");
    config.put("exactly.once.support", "required");
    config.put("kafka.bootstrapServers", kafka.bootstrapServers());
    config.put("topics.prefix", prefix);
    config.put("topics.partitions", "2");
    config.put("fetch.allowedAddresses", "127.0.0.1/32");
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
            + "/connectors/feedpipe/config")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);

    Topics topics = new Topics(prefix);
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      // every feed's state committed: its stories were committed in the same transactions
      Map<String, byte[]> states = new HashMap<>();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
        readAll(consumer, topics.feedState()).forEach(r -> states.put(r.key(), r.value()));
        return states.size() == FEEDS;
      });
      List<ConsumerRecord<String, byte[]>> stories = readAll(consumer, topics.stories());
      Set<String> eventIds = new HashSet<>();
      for (ConsumerRecord<String, byte[]> r : stories) {
        eventIds.add(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
      }
      assertThat(stories).hasSize(FEEDS * STORIES);
      assertThat(eventIds).hasSize(FEEDS * STORIES);
    }

    JsonNode status = json.readTree(get(rest, "/connectors/feedpipe/status"));
    assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
    assertThat(status.at("/tasks")).hasSize(2).allSatisfy(t -> assertThat(t.at("/state").asText()).isEqualTo("RUNNING"));
  }

  private List<FeedDefinition> serveFeeds() throws IOException {
    feedServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    feedServer.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      StringBuilder items = new StringBuilder();
      for (int i = 0; i < STORIES; i++) {
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
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < FEEDS; i++) {
      feeds.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + feedServer.getAddress().getPort() + "/f" + i + ".xml")));
    }
    return feeds;
  }

  /** Starts a worker of {@code cluster} in its own JVM; returns its REST port once it answers. */
  private int startWorker(String cluster) throws IOException {
    int rest;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      rest = s.getLocalPort();
    }
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
        ""));
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, """
        <configuration><appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder>
        <pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>
        <root level="INFO"><appender-ref ref="OUT"/></root></configuration>
        """);
    String classpath = Files.readString(target.resolve("worker-classpath.txt")).strip();
    Path log = target.resolve("connect-worker-" + rest + ".log");
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dlogback.configurationFile=" + logback, "-cp", classpath,
        "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
