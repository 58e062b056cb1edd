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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
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

/**
 * #24 end to end: a feed served on 127.0.0.1 that changes its guids, links, texts or dates from one
 * request to the next, polled ten times by the real service, publishing to the test broker; the
 * stories and the feed-status records read back as a read_committed subscriber reads them.
 */
class StoryIdentityEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int POLLS = 10;
  private static final String PUB_DATE = "Tue, 01 Dec 2026 08:00:00 GMT";
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  @TempDir Path dataDir;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  /** Serves request {@code n} (0, 1, …) of /feed.xml as the RSS items {@code items.apply(n)}; returns the feed URL. */
  private String serve(IntFunction<String> items) {
    server.createContext("/feed.xml", exchange -> {
      int n = requests.getAndIncrement();
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Identity</title>"
          + "<link>https://news.example/</link><description>Stories</description>" + items.apply(n)
          + "</channel></rss>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
  }

  private static String item(String guid, String link, String title, String text, String pubDate) {
    return "<item>" + (guid == null ? "" : "<guid isPermaLink=\"false\">" + guid + "</guid>") + "<title>" + title
        + "</title><link>" + link + "</link><pubDate>" + pubDate + "</pubDate><description>" + text
        + "</description></item>";
  }

  /** Polls {@code feedUrl} until {@value #POLLS} polls are committed; returns the stories, then the last feed status. */
  private Published pollTenTimes(String prefix, String feedUrl) throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of(
        "kafka.bootstrapServers", kafka.bootstrapServers(),
        "kafka.transactionalId", prefix + "-instance",
        "topics.prefix", prefix,
        "topics.partitions", "1",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "fetch.allowedAddresses", "127.0.0.1/32",
        "dataDir", dataDir.toString()));
    flags.putAll(Map.of("fetch.perHostMinGap", "0s", "schedule.adaptive", "false", "schedule.jitter", "0",
        "schedule.minInterval", "100ms", "schedule.defaultInterval", "100ms", "schedule.maxInterval", "1s"));
    ResolvedSettings settings = ConfigLoader.load(Optional.empty(), Map.of(), flags);
    try (FeedpipeService service = FeedpipeService.start(settings, List.of(feedUrl))) {
      // every poll commits one feed-status record with its stories: ten of them, ten polls published
      await().atMost(Duration.ofSeconds(90)).until(() -> committed(prefix + ".feed-status").size() >= POLLS);
    }
    List<ConsumerRecord<byte[], byte[]>> statuses = committed(prefix + ".feed-status");
    assertThat(requests.get()).isGreaterThanOrEqualTo(POLLS);
    List<JsonNode> stories = committed(prefix + ".stories").stream().map(r -> json(r.value())).toList();
    return new Published(stories, json(statuses.get(statuses.size() - 1).value()));
  }

  record Published(List<JsonNode> stories, JsonNode lastStatus) {}

  @Test
  void aGuidRegeneratedOnEveryRequestIsOneStoryAfterTenPollsAndTheFeedIsMarkedGuidUnstable() throws Exception {
    String url = serve(n -> item("a1-" + Long.toHexString(n * 0x9E3779B97F4AL + 12345), "https://news.example/budget",
        "Council approves the budget", "The council voted on Monday.", PUB_DATE));

    Published p = pollTenTimes("guids", url);

    assertThat(p.stories()).singleElement().satisfies(e -> {
      assertThat(e.get("revision").asInt()).isEqualTo(1);
      assertThat(e.get("quality").get("guidSource").asText()).isEqualTo("guid");
    });
    assertThat(p.lastStatus().get("guidStability").asText()).isEqualTo("unstable");
    assertThat(p.lastStatus().get("dateStability").asText()).isEqualTo("stable");
  }

  @Test
  void aGuidSchemeSwitchedOnceMakesNoDuplicate() throws Exception {
    String url = serve(n -> {
      StringBuilder items = new StringBuilder();
      for (int i = 1; i <= 3; i++) {
        String link = "https://news.example/story/" + i;
        items.append(item(n < 3 ? "1000" + i : link, link, "Story " + i, "Text of story " + i + ".", PUB_DATE));
      }
      return items.toString();
    });

    Published p = pollTenTimes("scheme", url);

    assertThat(p.stories()).hasSize(3).allSatisfy(e -> assertThat(e.get("revision").asInt()).isEqualTo(1));
    assertThat(p.lastStatus().get("guidStability").asText()).isEqualTo("stable");
  }

  @Test
  void anHttpsMoveWithAddedUtmParametersMakesNoDuplicate() throws Exception {
    // no guid: the link is the item's identity, so a new link is a new story id
    String url = serve(n -> item(null,
        n < 3 ? "http://www.news.example/2026/12/budget" : "https://news.example/2026/12/budget?utm_source=rss&amp;utm_medium=feed",
        "Council approves the budget", "The council voted on Monday.", PUB_DATE));

    Published p = pollTenTimes("https", url);

    assertThat(p.stories()).singleElement()
        .satisfies(e -> assertThat(e.get("url").asText()).isEqualTo("http://www.news.example/2026/12/budget"));
  }

  @Test
  void itemsAllLinkingToOnePageWithOtherGuidsAndTextsAreAllKept() throws Exception {
    String url = serve(n -> {
      StringBuilder items = new StringBuilder();
      for (int i = Math.min(n, 5); i >= Math.max(0, Math.min(n, 5) - 2); i--) { // a live page: a new update each poll, the oldest gone
        items.append(item("update-" + i, "https://news.example/live", "Live: update " + i, "What happened at " + i + ".",
            PUB_DATE));
      }
      return items.toString();
    });

    Published p = pollTenTimes("live", url);

    assertThat(p.stories()).hasSize(6).allSatisfy(e -> assertThat(e.get("revision").asInt()).isEqualTo(1));
    assertThat(p.stories().stream().map(e -> e.get("guid").asText()).distinct()).hasSize(6);
  }

  @Test
  void aRealEditIsRevisionTwoOfTheSameStory() throws Exception {
    String url = serve(n -> item("story-1", "https://news.example/budget", "Council approves the budget",
        n < 3 ? "The council voted on Monday." : "The council voted 7 to 2 on Monday.", PUB_DATE));

    Published p = pollTenTimes("edit", url);

    assertThat(p.stories()).hasSize(2);
    assertThat(p.stories().get(1).get("id").asText()).isEqualTo(p.stories().get(0).get("id").asText());
    assertThat(p.stories().stream().map(e -> e.get("revision").asInt())).containsExactly(1, 2);
  }

  @Test
  void aPubDateOfTheRequestTimeIsOneRevisionAfterTenPollsAndTheFeedIsMarkedDateUnstable() throws Exception {
    String url = serve(n -> item("story-1", "https://news.example/budget", "Council approves the budget",
        "The council voted on Monday.", RFC_1123.format(Instant.parse("2026-12-01T08:00:00Z").plusSeconds(60L * n))));

    Published p = pollTenTimes("dates", url);

    assertThat(p.stories()).singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(1));
    assertThat(p.lastStatus().get("dateStability").asText()).isEqualTo("unstable");
    assertThat(p.lastStatus().get("guidStability").asText()).isEqualTo("stable");
  }

  /** Every committed record of {@code topic}, read as a read_committed subscriber to the end. */
  private static List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      if (!consumer.listTopics().containsKey(topic)) {
        return records;
      }
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (topic.endsWith(".stories")) {
        assertThat(EventSchema.violations(record.value())).as("schema violations of a published event").isEmpty();
      }
    }
    return records;
  }

  private static JsonNode json(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
