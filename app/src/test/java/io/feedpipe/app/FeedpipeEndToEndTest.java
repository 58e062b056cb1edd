package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole path: a feed served over HTTP on 127.0.0.1 → the app → a real Kafka broker → a read_committed consumer. */
class FeedpipeEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final ObjectMapper json = new ObjectMapper();
  private static final List<String> SAMPLE_TITLES = List.of(
      "SCO Summit 2022: Russia Claims China’s Support Ahead of Possible Xi-Putin Meeting in Samarkand",
      "UP Govt Announces All-Weather Road Scheme for Every Village",
      "How Newsrooms Label Auto-Generated Stories");

  @TempDir Path dataDir;
  private HttpServer feedServer;
  private String feedUrl;

  @BeforeEach
  void serveTheSampleFeed() throws IOException {
    byte[] feed;
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      feed = in.readAllBytes();
    }
    feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    feedServer.createContext("/feed.xml", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, feed.length);
      exchange.getResponseBody().write(feed);
      exchange.close();
    });
    feedServer.start();
    feedUrl = "http://127.0.0.1:" + feedServer.getAddress().getPort() + "/feed.xml";
  }

  @AfterEach
  void stopServer() {
    feedServer.stop(0);
  }

  @Test
  void eachStoryOfAServedFeedArrivesOnceInKafkaKeyedByItsId() throws Exception {
    ResolvedSettings settings = settings("e2e");
    try (FeedpipeService service = FeedpipeService.start(settings, List.of(feedUrl))) {
      List<ConsumerRecord<byte[], byte[]>> stories = awaitCommitted("e2e.stories", 3);

      assertThat(stories).hasSize(3);
      List<String> titles = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : stories) {
        JsonNode event = json.readTree(record.value());
        assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(event.get("id").asText());
        assertThat(event.get("revision").asInt()).isEqualTo(1);
        assertThat(event.get("feed").get("url").asText()).isEqualTo(feedUrl);
        assertThat(event.get("text").asText()).isNotBlank().doesNotContain("<p>");
        assertThat(record.headers().lastHeader("ce_specversion")).isNotNull();
        titles.add(event.get("title").asText());
      }
      assertThat(titles).containsExactlyInAnyOrderElementsOf(SAMPLE_TITLES);

      // the two agency copies carry LatestLY's notice; the staff story that only talks about it does not
      List<String> flagged = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : awaitCommitted("e2e.stories.flagged", 2)) {
        flagged.add(json.readTree(record.value()).get("title").asText());
      }
      assertThat(flagged).containsExactlyInAnyOrder(SAMPLE_TITLES.get(0), SAMPLE_TITLES.get(1));

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + service.httpPort();
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("feedpipe_polls_total");
      // #19: two ingest counters were documented but appeared only after their first event
      for (String documented : documentedMetrics()) {
        assertThat(metrics.body()).as("documented in docker/README.md").contains(documented);
      }
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBrokenFeedGetsAStatusAndADeadLetterWhileTheOthersStillPublish() throws Exception {
    feedServer.createContext("/broken.xml", exchange -> {
      byte[] html = "<html><body><h1>Not a feed</h1><p>unclosed".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, html.length);
      exchange.getResponseBody().write(html);
      exchange.close();
    });
    String broken = feedUrl.replace("feed.xml", "broken.xml");
    try (FeedpipeService service = FeedpipeService.start(settings("bad"), List.of(broken, feedUrl))) {
      assertThat(awaitCommitted("bad.stories", 3)).hasSize(3);

      List<ConsumerRecord<byte[], byte[]>> deadLetters = awaitCommitted("bad.dead-letters", 1);
      assertThat(deadLetters).hasSize(1);
      JsonNode deadLetter = json.readTree(deadLetters.get(0).value());
      assertThat(deadLetter.toString()).contains(broken);

      List<ConsumerRecord<byte[], byte[]>> statuses = awaitCommitted("bad.feed-status", 2);
      List<String> outcomes = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> status : statuses) {
        outcomes.add(json.readTree(status.value()).get("outcome").asText().toLowerCase(java.util.Locale.ROOT));
      }
      assertThat(outcomes).containsExactlyInAnyOrder("ok", "parse_error");
    }
  }

  @Test
  void aPollWhoseOwnRecordKafkaRefusesIsCountedAndRetriedWhileTheOthersStillPublish() throws Exception {
    feedServer.createContext("/broken.xml", exchange -> {
      byte[] html = "<html><body><h1>Not a feed</h1>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, html.length);
      exchange.getResponseBody().write(html);
      exchange.close();
    });
    // a dead-letters topic made (by someone else) with a limit below any dead letter
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("refused.dead-letters", 1, (short) 1)
          .configs(Map.of("max.message.bytes", "200")))).all().get();
    }
    String broken = feedUrl.replace("feed.xml", "broken.xml");
    try (FeedpipeService service = FeedpipeService.start(settings("refused"), List.of(broken, feedUrl))) {
      assertThat(awaitCommitted("refused.stories", 3)).hasSize(3);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build();
      await().atMost(Duration.ofSeconds(60)).until(() -> http.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
          .lines().anyMatch(l -> l.startsWith("feedpipe_transaction_duration_seconds_count{") && l.contains("outcome=\"refused\"")
              && !l.endsWith(" 0.0")));
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health/ready")).build();
      assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    // nothing of the refused poll committed: no dead letter, and only the good feed's status
    assertThat(awaitCommitted("refused.feed-status", 1)).hasSize(1);
  }

  @Test
  void aRestartWithAnUnchangedFeedPublishesNothingNew() throws Exception {
    // poll every 2 s, so the restarted service polls again soon after it restored the state
    ResolvedSettings settings = settings("restart", Map.of(
        "schedule.minInterval", "1s", "schedule.defaultInterval", "2s", "schedule.maxInterval", "2s",
        "schedule.adaptive", "false", "schedule.jitter", "0"));
    try (FeedpipeService first = FeedpipeService.start(settings, List.of(feedUrl))) {
      assertThat(awaitCommitted("restart.stories", 3)).hasSize(3);
      awaitCommitted("restart.feed-state", 1);
    }
    int statusesBefore = awaitCommitted("restart.feed-status", 1).size();
    try (FeedpipeService second = FeedpipeService.start(settings, List.of(feedUrl))) {
      // the restarted service restored the feed's state and polled again: its feed-status record
      // commits in the same transaction as any story it would publish
      await().atMost(Duration.ofSeconds(60))
          .until(() -> awaitCommitted("restart.feed-status", 1).size() > statusesBefore);
      assertThat(awaitCommitted("restart.stories", 3)).hasSize(3);
    }
  }

  @Test
  void storiesPublishCouldNotSendAreCountedByTheirDeadLetterKindAndNotAsPublished() throws Exception { // #18
    try (FeedpipeService service = FeedpipeService.start(settings("tiny", Map.of("publish.maxStoryBytes", "1KB")),
        List.of(feedUrl))) {
      assertThat(awaitCommitted("tiny.dead-letters", 3)).hasSize(3);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build();
      await().atMost(Duration.ofSeconds(30)).until(() -> http.send(scrape, HttpResponse.BodyHandlers.ofString()).body()
          .contains("feedpipe_dead_letters_total{kind=\"oversized-story\"} 3.0"));
      String metrics = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("feedpipe_stories_flagged_total{flag=\"auto_generated\"} 0.0",
          "feedpipe_items_total{result=\"new\"} 0.0", "feedpipe_published_records_total{topic=\"dead-letters\"} 3.0");
    }
  }

  @Test
  void aUrlChangedInTheFeedsFileForAFeedWithAnIdIsPolledAfterARestartAndItsStoriesPublished() throws Exception { // #18
    String story = "Editing the URL of a feed with an id takes effect";
    byte[] moved = ("""
        <rss version="2.0"><channel><title>moved</title><link>https://news.example/</link>
        <item><guid>moved-1</guid><title>%s</title><link>https://news.example/moved-1</link>
        <description>A story only the new URL serves.</description></item></channel></rss>
        """.formatted(story)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<String> movedRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    feedServer.createContext("/moved.xml", exchange -> {
      movedRequests.add(exchange.getRequestURI().getPath());
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
      exchange.sendResponseHeaders(200, moved.length);
      exchange.getResponseBody().write(moved);
      exchange.close();
    });
    Path feedsFile = dataDir.resolve("feeds.yaml");
    java.nio.file.Files.writeString(feedsFile, "feeds:\n  - id: news\n    url: " + feedUrl + "\n");
    ResolvedSettings settings = settings("edited", Map.of("feeds.file", feedsFile.toString()));
    try (FeedpipeService first = FeedpipeService.start(settings, List.of())) {
      assertThat(awaitCommitted("edited.stories", 3)).hasSize(3);
      awaitCommitted("edited.feed-state", 1);
    }

    java.nio.file.Files.writeString(feedsFile, "feeds:\n  - id: news\n    url: " + feedUrl.replace("feed.xml", "moved.xml") + "\n");
    try (FeedpipeService second = FeedpipeService.start(settings, List.of())) {
      List<ConsumerRecord<byte[], byte[]>> stories = awaitCommitted("edited.stories", 4);
      assertThat(stories).hasSize(4);
      assertThat(json.readTree(stories.get(3).value()).get("title").asText()).isEqualTo(story);
      assertThat(movedRequests).isNotEmpty();
    }
  }

  @Test
  void afterAPermanentRedirectTheFeedCountsAgainstTheNewHostsPerHostBound() throws Exception { // #18
    // feed a is configured on 127.0.0.1 and moved by a 301 to 127.0.0.2, where feed b lives; with one
    // poll per host at a time, a may no longer poll while b's request is in flight
    HostWatch watch = new HostWatch();
    HttpServer newHost = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    newHost.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    byte[] feed;
    try (InputStream in = FeedSources.class.getResourceAsStream("sample-feed.xml")) {
      feed = in.readAllBytes();
    }
    newHost.createContext("/a.xml", exchange -> {
      watch.aEnter();
      try {
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, feed.length);
        exchange.getResponseBody().write(feed);
      } finally {
        exchange.close();
        watch.aExit();
      }
    });
    newHost.createContext("/b.xml", exchange -> {
      try {
        watch.bEnter();
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, feed.length);
        exchange.getResponseBody().write(feed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
        watch.bExit();
      }
    });
    newHost.start();
    String movedTo = "http://127.0.0.2:" + newHost.getAddress().getPort();
    feedServer.createContext("/a.xml", exchange -> {
      exchange.getResponseHeaders().add("Location", movedTo + "/a.xml");
      exchange.sendResponseHeaders(301, -1);
      exchange.close();
    });
    ResolvedSettings settings = settings("hosts", Map.of(
        "fetch.allowedAddresses", "127.0.0.0/8", "fetch.perHostMinGap", "0s",
        "schedule.perHostConcurrency", "1", "schedule.adaptive", "false", "schedule.jitter", "0",
        "schedule.minInterval", "100ms", "schedule.defaultInterval", "200ms", "schedule.maxInterval", "1s"));
    try (FeedpipeService service = FeedpipeService.start(settings,
        List.of(feedUrl.replace("feed.xml", "a.xml"), movedTo + "/b.xml"))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> watch.checked(3, 2));
    } finally {
      newHost.stop(0);
    }
    assertThat(watch.overlapped()).as("a request of the moved feed while the other feed of its new host was in flight")
        .isFalse();
  }

  /** Requests to the new host of the moved feed (a) and of the feed living there (b). Thread-safe. */
  private static final class HostWatch {
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition aArrived = lock.newCondition();
    private int aRequests;
    private int aInFlight;
    private int bInFlight;
    private int bAfterMove;
    private boolean moved;
    private boolean overlapped;

    void aEnter() {
      lock.lock();
      try {
        aRequests++;
        aInFlight++;
        overlapped |= moved && bInFlight > 0;
        aArrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** After a's first request here its state says it moved: from its next poll on it is bound by this host. */
    void aExit() {
      lock.lock();
      try {
        aInFlight--;
        moved = true;
      } finally {
        lock.unlock();
      }
    }

    /** Once a has moved, holds b's request for up to a second: long enough for a's next poll to come if it may. */
    void bEnter() throws InterruptedException {
      lock.lock();
      try {
        bInFlight++;
        if (moved) {
          bAfterMove++;
          overlapped |= aInFlight > 0;
          int before = aRequests;
          long left = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
          while (aRequests == before && left > 0) {
            left = aArrived.awaitNanos(left);
          }
        }
      } finally {
        lock.unlock();
      }
    }

    void bExit() {
      lock.lock();
      try {
        bInFlight--;
      } finally {
        lock.unlock();
      }
    }

    boolean checked(int aAtLeast, int bAfterMoveAtLeast) {
      lock.lock();
      try {
        return aRequests >= aAtLeast && bAfterMove >= bAfterMoveAtLeast;
      } finally {
        lock.unlock();
      }
    }

    boolean overlapped() {
      lock.lock();
      try {
        return overlapped;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The feedpipe_* metric names of docker/README.md's metrics table, except those tagged by an
   * open-ended {@code kind} (dead letters, removals), whose series appear with their first kind.
   */
  private static List<String> documentedMetrics() throws IOException {
    String readme = java.nio.file.Files.readString(Path.of("..", "docker", "README.md"));
    String table = readme.substring(readme.indexOf("## Metrics"), readme.indexOf("## Alerts"));
    List<String> names = java.util.regex.Pattern.compile("^\\| `(feedpipe_[a-z_]+)` \\|[^|]*\\| (?!`kind`)",
            java.util.regex.Pattern.MULTILINE)
        .matcher(table).results().map(m -> m.group(1)).toList();
    assertThat(names).hasSizeGreaterThan(15);
    return names;
  }

  @Test // #19: after a restart /feeds showed outcome null for a feed polled OK
  void afterARestartFeedsShowsTheOutcomeOfThePollBeforeIt() throws Exception {
    ResolvedSettings settings = settings("status-restart");
    try (FeedpipeService service = FeedpipeService.start(settings, List.of(feedUrl))) {
      awaitCommitted("status-restart.stories", 3);
    }

    try (FeedpipeService again = FeedpipeService.start(settings, List.of(feedUrl))) {
      HttpResponse<String> feeds = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + again.httpPort() + "/feeds")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode feed = json.readTree(feeds.body()).get(0);
      assertThat(feed.get("outcome").asText()).isEqualTo("ok");
      assertThat(feed.get("lastPollAt").isNull()).isFalse();
    }
  }

  private ResolvedSettings settings(String prefix) {
    return settings(prefix, Map.of());
  }

  private ResolvedSettings settings(String prefix, Map<String, String> more) {
    Map<String, String> flags = new java.util.HashMap<>(Map.of(
        "kafka.bootstrapServers", kafka.bootstrapServers(),
        "kafka.transactionalId", prefix + "-instance",
        "topics.prefix", prefix,
        "topics.partitions", "1",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "fetch.allowedAddresses", "127.0.0.1/32",
        "dataDir", dataDir.toString()));
    flags.putAll(more);
    return ConfigLoader.load(Optional.empty(), Map.of(), flags);
  }

  /** Reads a topic as a read_committed consumer until {@code expected} records arrived, then to its end. */
  static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String topic, int expected) {
    return awaitCommitted(kafka.bootstrapServers(), topic, expected);
  }

  /** Reads a topic of the broker at {@code bootstrapServers} as {@link #awaitCommitted(String, int)} does. */
  static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String bootstrapServers, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> consumer.listTopics().containsKey(topic));
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= expected;
      });
      // drain to the last stable offset, so an extra (duplicate) record would be seen
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    if (topic.endsWith(".stories") || topic.endsWith(".stories.flagged")) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        assertThat(EventSchema.violations(record.value())).as("schema violations of a published event").isEmpty();
      }
    }
    return records;
  }
}
