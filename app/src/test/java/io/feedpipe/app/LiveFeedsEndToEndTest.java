package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.feedpipe.app.CommandLineTest.Run;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.FeedDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service running on the test broker, its feeds changed with {@code feedpipe feeds} while it
 * runs: a feed added is polled and its stories published, one given a new URL is polled there, one
 * removed is polled no more, and an import with a broken entry changes nothing.
 */
class LiveFeedsEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final ObjectMapper json = new ObjectMapper();

  @TempDir Path dataDir;
  private HttpServer feedServer;
  private String base;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private Path cliConfig;

  @BeforeEach
  void serveFeeds() throws IOException {
    feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String name : List.of("first", "second")) {
      byte[] rss = ("""
          <rss version="2.0"><channel><title>%1$s</title><link>https://news.example/</link>
          <item><guid>%1$s-1</guid><title>The %1$s feed's story</title><link>https://news.example/%1$s-1</link>
          <description>Published once the %1$s feed was added.</description></item></channel></rss>
          """.formatted(name)).getBytes(StandardCharsets.UTF_8);
      feedServer.createContext("/" + name + ".xml", exchange -> {
        requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, rss.length);
        exchange.getResponseBody().write(rss);
        exchange.close();
      });
    }
    feedServer.start();
    base = "http://127.0.0.1:" + feedServer.getAddress().getPort();
    cliConfig = dataDir.resolve("feedpipe.yaml");
    Files.writeString(cliConfig, "topics: {prefix: live, partitions: 1}\nkafka: {transactionalId: live-cli}\n");
  }

  @AfterEach
  void stopServer() {
    feedServer.stop(0);
  }

  @Test
  void feedsAddedChangedAndRemovedWithTheCommandTakeEffectWithoutARestart() throws Exception {
    try (FeedpipeService service = FeedpipeService.start(settings(), List.of())) {
      // no --feed, no feeds file, an empty topic: the sample feed
      assertThat(service.feeds()).extracting(f -> f.name().orElse("")).containsExactly(FeedSources.SAMPLE_NAME);

      Run added = feeds("add", base + "/first.xml", "--id", "live-news");
      assertThat(added.exit()).as(added.err()).isZero();

      // polled at once (feeds.watchInterval is 200 ms here) and its story published
      assertThat(titles(FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), "live.stories", 4))).contains("The first feed's story");
      assertThat(service.feeds()).extracting(FeedDefinition::id).contains("live-news");

      Run moved = feeds("add", base + "/second.xml", "--id", "live-news", "--replace");
      assertThat(moved.exit()).as(moved.err()).isZero();
      assertThat(titles(FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), "live.stories", 5))).contains("The second feed's story");

      Run broken = feeds("import", opmlWithABrokenEntry().toString());
      assertThat(broken.exit()).isEqualTo(1);
      assertThat(broken.err().lines().filter(l -> l.contains(":4: ")).toList()).hasSize(1);

      Run removed = feeds("remove", "live-news");
      assertThat(removed.exit()).as(removed.err()).isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> service.feeds().stream().noneMatch(f -> f.id().equals("live-news")));
      int polls = requests.get("second").get();
      // polled every 300 ms while it was there; now at most a poll in flight at the removal ends
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> requests.get("second").get() <= polls + 1);
      assertThat(service.feeds()).extracting(f -> f.name().orElse("")).containsExactly(FeedSources.SAMPLE_NAME);
    }
  }

  private Path opmlWithABrokenEntry() throws IOException {
    Path opml = dataDir.resolve("more.opml");
    Files.writeString(opml, """
        <opml version="2.0">
          <body>
            <outline type="rss" text="Fine" xmlUrl="%s/first.xml"/>
            <outline type="rss" text="Broken" xmlUrl="htp:/broken feed"/>
          </body>
        </opml>
        """.formatted(base));
    return opml;
  }

  private static List<String> titles(List<ConsumerRecord<byte[], byte[]>> events) throws IOException {
    List<String> titles = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> e : events) {
      titles.add(json.readTree(e.value()).get("title").asText());
    }
    return titles;
  }

  private Run feeds(String... args) {
    List<String> all = new ArrayList<>(List.of("feeds"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", cliConfig.toString(), "--bootstrap-servers", kafka.bootstrapServers()));
    return CommandLineTest.run(all.toArray(String[]::new));
  }

  private ResolvedSettings settings() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.ofEntries(
        Map.entry("kafka.bootstrapServers", kafka.bootstrapServers()),
        Map.entry("kafka.transactionalId", "live-instance"),
        Map.entry("topics.prefix", "live"),
        Map.entry("topics.partitions", "1"),
        Map.entry("http.port", "0"),
        Map.entry("fetch.allowedAddresses", "127.0.0.1/32"),
        Map.entry("fetch.perHostMinGap", "0s"),
        Map.entry("feeds.watchInterval", "200ms"),
        Map.entry("schedule.minInterval", "300ms"),
        Map.entry("schedule.defaultInterval", "300ms"),
        Map.entry("schedule.maxInterval", "300ms"),
        Map.entry("schedule.adaptive", "false"),
        Map.entry("schedule.jitter", "0"),
        Map.entry("dataDir", dataDir.toString())));
  }
}
