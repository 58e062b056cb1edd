package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.cluster.Cluster;
import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster stage inside {@code feedpipe run}: feeds served over HTTP on 127.0.0.1 → the service
 * → a real broker → the stage's topics, read as a {@code read_committed} consumer. One service (and
 * one stage) for the class; each test looks at its own feeds' stories.
 */
class ClusterEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final String PREFIX = "c25";
  private static final ObjectMapper json = new ObjectMapper();
  private static final Map<String, String> feeds = new ConcurrentHashMap<>();

  /** One wire story: paragraphs an agency sends. */
  private static final List<String> WIRE = List.of(
      "Kochi, Dec 6 (PTI) The Kerala High Court on Friday stayed the demolition of 14 lakeside resorts in Alappuzha "
          + "district for three weeks, giving the owners time to appeal against a coastal zone ruling.",
      "A division bench said the owners had not been heard before the district collector ordered the demolition "
          + "last month, and asked the state government to file its reply within ten days.",
      "The resorts, which employ about 600 people, were found to have been built within 50 metres of the Vembanad "
          + "lake in violation of coastal regulation zone rules, according to a survey by the revenue department.",
      "Environmental groups that had petitioned for the demolition said they would oppose the appeal, arguing that "
          + "the structures had damaged the wetland and blocked public access to the shore.");
  /** Two reports of one event in their own words. */
  private static final String FIRST_REPORT = "<p>Farmers in Punjab began a two-day protest on Monday, blocking rail "
      + "tracks at 22 places to demand a legal guarantee of minimum support prices for all crops, railway officials "
      + "said.</p><p>Over 40 trains were cancelled or short-terminated, and thousands of passengers were stranded at "
      + "Amritsar and Ludhiana stations as the protest continued into the evening.</p><p>The farmer unions said they "
      + "would continue the blockade on Tuesday unless the Centre invited them for talks.</p>";
  private static final String SECOND_REPORT = "<p>Stranded passengers spent the night on platforms at Ludhiana "
      + "station as farmer groups kept up their sit-in on the tracks, disrupting train services across the state for "
      + "a second day.</p><p>\"We have been waiting since noon with two children and nobody tells us anything,\" said "
      + "a woman travelling to Delhi, as vendors ran out of food and water.</p><p>Union leaders accused the government "
      + "of ignoring their demands and said the agitation would spread to Haryana next week.</p>";
  private static final String REVISABLE = "<p>The city corporation said on Wednesday that water supply to 18 wards "
      + "in the eastern zone would be suspended for 24 hours on Friday for repairs to a main pipeline near the "
      + "treatment plant.</p><p>Residents have been asked to store water in advance, and tankers will be deployed in "
      + "areas with hospitals and schools.</p>";

  @TempDir static Path dataDir;
  private static HttpServer feedServer;
  private static FeedpipeService service;
  private static String base;

  @BeforeAll
  static void startTheServiceOnFeedsOfSitesAndOutlets() throws Exception {
    String india = item("Monsoon reaches Kerala", "https://example.org/news/a1.html", true,
        "<p>The monsoon reached Kerala on Friday, three days early, the weather office said, and is likely to "
            + "cover the rest of the southern peninsula by the middle of next week.</p>");
    feeds.put("/example/india.xml", rss("Example News: India", india));
    feeds.put("/example/world.xml", rss("Example News: World", india));
    feeds.put("/outlet-a/feed.xml", rss("Outlet A",
        wireCopy("outlet-a", "Kerala HC stays demolition of Alappuzha resorts", WIRE, "<p>(This is an unedited and "
            + "auto-generated story from Syndicated News feed, Outlet A Staff may not have modified or edited the "
            + "content body)</p>"),
        item("Farmers block rail tracks at 22 places in Punjab", "https://outlet-a.example/farmers-1", false, FIRST_REPORT)));
    feeds.put("/outlet-b/feed.xml", rss("Outlet B",
        wireCopy("outlet-b", "Relief for resort owners as court halts razing", WIRE, "<p>(Except for the headline, this "
            + "story has not been edited by Outlet B staff and is published from a syndicated feed.)</p>"),
        item("Punjab farmers' rail blockade hits 40 trains", "https://outlet-b.example/farmers", false, FIRST_REPORT)));
    feeds.put("/outlet-c/feed.xml", rss("Outlet C",
        // a summary-only feed: the first paragraph, with its own notice
        wireCopy("outlet-c", "Alappuzha resorts get three weeks' reprieve", WIRE.subList(0, 1),
            "<p>Disclaimer: This story is auto-generated from a syndicated feed.</p>"),
        item("Passengers stranded as farmers stay on tracks", "https://outlet-c.example/stranded", false, SECOND_REPORT)));
    feeds.put("/outlet-d/feed.xml", rss("Outlet D",
        item("Passengers spend night on platforms", "https://outlet-d.example/platforms", false, SECOND_REPORT)));
    feeds.put("/city/feed.xml", rss("City Desk",
        item("Water supply to be suspended in 18 wards", "https://city.example/water", false, REVISABLE)));

    feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    feedServer.createContext("/", exchange -> {
      String feed = feeds.get(exchange.getRequestURI().getPath());
      byte[] body = feed == null ? new byte[0] : feed.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(feed == null ? 404 : 200, feed == null ? -1 : body.length);
      if (feed != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    feedServer.start();
    base = "http://127.0.0.1:" + feedServer.getAddress().getPort();
    List<String> urls = feeds.keySet().stream().sorted().map(path -> base + path).toList();
    service = FeedpipeService.start(ConfigLoader.load(Optional.empty(), Map.of(), settings()), urls);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (feedServer != null) {
      feedServer.stop(0);
    }
  }

  @Test
  void twoCategoryFeedsOfOneSiteCarryingOneStoryGiveOneEventOnStoriesUnique() throws Exception { // #25
    List<JsonNode> copies = await().atMost(Duration.ofSeconds(60)).until(
        () -> events(FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), PREFIX + ".stories", 1)).stream()
            .filter(e -> e.get("title").asText().equals("Monsoon reaches Kerala")).toList(), l -> l.size() == 2);
    assertThat(copies).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
    String storyKey = copies.get(0).get("storyKey").asText();
    assertThat(copies).extracting(e -> e.get("storyKey").asText()).containsOnly(storyKey);

    // both copies went through the stage: one passed, one was suppressed
    await().atMost(Duration.ofSeconds(60)).until(() -> metric("feedpipe_unique_stories_total{result=\"duplicate\"}") >= 1);
    List<ConsumerRecord<byte[], byte[]>> unique = FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), PREFIX + ".stories.unique", 1)
        .stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(storyKey)).toList();
    assertThat(unique).hasSize(1);
    assertThat(json.readTree(unique.get(0).value()).get("storyKey").asText()).isEqualTo(storyKey);
  }

  @Test
  void theSameWireTextOnThreeOutletsFeedsWithOtherHeadlinesAndNoticesSharesOneClusterId() { // #25
    // the wire copies are the only stories with links under /news/ on the outlets
    Cluster wire = await().atMost(Duration.ofSeconds(60)).until(
        () -> latestClusters().stream().filter(c -> c.members().stream()
            .anyMatch(m -> m.url().orElse("").contains(".example/news/"))).findFirst(),
        c -> c.isPresent() && c.get().size() == 3).orElseThrow();

    assertThat(wire.outlets()).containsExactlyInAnyOrder("outlet-a.example", "outlet-b.example", "outlet-c.example");
    assertThat(wire.members()).extracting(Cluster.Member::title).containsExactlyInAnyOrder(
        "Kerala HC stays demolition of Alappuzha resorts", "Relief for resort owners as court halts razing",
        "Alappuzha resorts get three weeks' reprieve");
    assertThat(wire.agencies()).contains("PTI");
  }

  @Test
  void twoDifferentReportsOfOneEventFormTwoClusters() { // #25
    List<Cluster> farmers = await().atMost(Duration.ofSeconds(60)).until(
        () -> latestClusters().stream().filter(c -> c.members().stream().anyMatch(m -> m.title().contains("armers")
            || m.title().contains("assengers"))).toList(),
        l -> l.stream().mapToInt(Cluster::size).sum() == 4);

    assertThat(farmers).hasSize(2).allSatisfy(c -> assertThat(c.size()).isEqualTo(2));
    assertThat(farmers).extracting(c -> c.members().stream().map(m -> m.outlet()).sorted().toList())
        .containsExactlyInAnyOrder(List.of("outlet-a.example", "outlet-b.example"),
            List.of("outlet-c.example", "outlet-d.example"));
  }

  @Test
  void aRealRevisionPassesThroughStoriesUnique() throws Exception { // #25
    await().atMost(Duration.ofSeconds(60)).until(() -> uniqueTitled("Water supply to be suspended in 18 wards").size() == 1);
    feeds.put("/city/feed.xml", rss("City Desk", item("Water supply to be suspended in 18 wards",
        "https://city.example/water", false, REVISABLE.replace("on Friday", "on Saturday"))));

    List<JsonNode> unique = await().atMost(Duration.ofSeconds(60))
        .until(() -> uniqueTitled("Water supply to be suspended in 18 wards"), l -> l.size() == 2);
    assertThat(unique).extracting(e -> e.get("revision").asInt()).containsExactly(1, 2);
    assertThat(unique.get(1).get("text").asText()).contains("on Saturday");
  }

  @Test
  void metricsAndTheClustersCommandShowTheStage() throws Exception { // #25
    await().atMost(Duration.ofSeconds(60)).until(() -> metric("feedpipe_clusters_formed_total") >= 3);
    assertThat(metric("feedpipe_stage_up")).isEqualTo(1.0);
    assertThat(metric("feedpipe_clusters_grown_total{size=\"3\"}")).isGreaterThanOrEqualTo(1.0);

    Path config = dataDir.resolve("clusters.yaml");
    Files.writeString(config, "topics:\n  prefix: " + PREFIX + "\n");
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = Main.execute("clusters", "--top", "2", "--config", config.toString(),
          "--bootstrap-servers", kafka.bootstrapServers());
    } finally {
      System.setOut(stdout);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(exit).isZero();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("SIZE").contains("OUTLETS", "TITLE", "CLUSTER");
    assertThat(lines.get(1)).startsWith("3 ").contains("PTI");
  }

  private static Map<String, String> settings() {
    Map<String, String> flags = new HashMap<>(Map.of(
        "kafka.bootstrapServers", kafka.bootstrapServers(),
        "kafka.transactionalId", PREFIX + "-instance",
        "topics.prefix", PREFIX,
        "topics.partitions", "2",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "fetch.allowedAddresses", "127.0.0.1/32",
        "dataDir", dataDir.toString()));
    flags.putAll(Map.of("schedule.minInterval", "1s", "schedule.defaultInterval", "1s", "schedule.maxInterval", "1s",
        "schedule.adaptive", "false", "schedule.jitter", "0", "fetch.perHostMinGap", "0s",
        "schedule.perHostConcurrency", "8", "fetch.perHostConcurrency", "8"));
    return flags;
  }

  private static List<Cluster> latestClusters() {
    Map<String, Cluster> latest = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), PREFIX + ".clusters", 1)) {
      latest.put(new String(r.key(), StandardCharsets.UTF_8), Cluster.read(r.value()));
    }
    return new ArrayList<>(latest.values());
  }

  private static List<JsonNode> uniqueTitled(String title) throws IOException {
    return events(FeedpipeEndToEndTest.awaitCommitted(kafka.bootstrapServers(), PREFIX + ".stories.unique", 1)).stream()
        .filter(e -> e.get("title").asText().equals(title)).toList();
  }

  private static List<JsonNode> events(Collection<ConsumerRecord<byte[], byte[]>> records) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      events.add(json.readTree(r.value()));
    }
    return events;
  }

  private static double metric(String series) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(-1);
  }

  private static String wireCopy(String outlet, String title, List<String> paragraphs, String notice) {
    StringBuilder html = new StringBuilder();
    paragraphs.forEach(p -> html.append("<p>").append(p).append("</p>"));
    return item(title, "https://" + outlet + ".example/news/" + title.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z]+", "-"), false, html + notice);
  }

  private static String item(String title, String link, boolean permalinkGuidOnly, String html) {
    String escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<item><title>" + title.replace("&", "&amp;") + "</title>"
        + (permalinkGuidOnly ? "<guid isPermaLink=\"true\">" + link + "</guid>" : "<link>" + link + "</link><guid>" + link + "</guid>")
        + "<description>" + escaped + "</description></item>";
  }

  private static String rss(String title, String... items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>" + title
        + "</title><link>https://example.org/</link>" + String.join("", items) + "</channel></rss>";
  }
}
