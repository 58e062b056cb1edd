package io.feedpipe.e2e.benchmark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 serving synthetic RSS 2.0 feeds at {@code
 * /<set>/<feed>.xml}: plain 200s, no validators, bodies generated once up front so serving costs
 * no CPU beyond the copy.
 *
 * <p>Each item has a guid unique across sets and feeds, a title, a link, a past pubDate and an
 * HTML description of five paragraphs (about 2 KB). Owns its server and executor; {@link #close()}
 * stops both.
 */
final class FeedServer implements AutoCloseable {
  private static final String[] WORDS = {"the", "minister", "said", "on", "Tuesday", "that", "talks", "would",
      "continue", "in", "Geneva", "after", "agency", "reports", "of", "a", "deal", "between", "both", "sides",
      "officials", "budget", "council", "vote", "harbour", "strike", "union", "river", "flood", "season"};
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<FeedSet> sets = new ArrayList<>();

  /** A named set of feeds, each with its body bytes. */
  record FeedSet(String name, List<byte[]> bodies) {}

  FeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Adds {@code feeds} feeds of {@code itemsPerFeed} items under {@code /<name>/}, and returns their URLs.
   *
   * @return the feed URLs, in feed order
   */
  List<String> addFeeds(String name, int feeds, int itemsPerFeed, long seed) {
    return addFeeds(name, feeds, itemsPerFeed, seed, false);
  }

  /**
   * Adds feeds as {@link #addFeeds(String, int, int, long)} does; with {@code copies}, one item in
   * ten ({@code i % 10 == 0}) is a wire copy (the same text on every feed, under each feed's own
   * link) and one in ten ({@code i % 10 == 5}) is one page carried by every feed (the same link and
   * text), as one site's category feeds carry it.
   */
  List<String> addFeeds(String name, int feeds, int itemsPerFeed, long seed, boolean copies) {
    Random random = new Random(seed);
    List<byte[]> bodies = new ArrayList<>(feeds);
    List<String> urls = new ArrayList<>(feeds);
    for (int f = 0; f < feeds; f++) {
      bodies.add(rss(name, f, itemsPerFeed, random, copies ? seed : -1).getBytes(StandardCharsets.UTF_8));
      urls.add("http://127.0.0.1:" + port() + "/" + name + "/" + f + ".xml");
    }
    FeedSet set = new FeedSet(name, List.copyOf(bodies));
    sets.add(set);
    server.createContext("/" + name + "/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        int feed;
        try {
          feed = Integer.parseInt(file.substring(0, file.length() - ".xml".length()));
        } catch (RuntimeException e) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        if (feed < 0 || feed >= set.bodies().size()) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = set.bodies().get(feed);
        exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    return urls;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Bytes of all feed bodies served under {@code name}. */
  long bodyBytes(String name) {
    return sets.stream().filter(s -> s.name().equals(name)).flatMap(s -> s.bodies().stream())
        .mapToLong(b -> b.length).sum();
  }

  /** The stories among {@code feeds × items} of a set added with copies that have a link of their own feed. */
  static int distinctLinks(int feeds, int items) {
    int shared = (items + 4) / 10; // i % 10 == 5 for i < items
    return feeds * items - (feeds - 1) * shared;
  }

  private static String rss(String set, int feed, int items, Random random, long copiesSeed) {
    StringBuilder sb = new StringBuilder(items * 2600);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n")
        .append("<title>Bench feed ").append(feed).append("</title>\n")
        .append("<link>http://news.bench.test/").append(set).append('/').append(feed).append("/</link>\n")
        .append("<description>Synthetic feed for the end-to-end benchmark</description>\n")
        .append("<language>en</language>\n");
    Instant newest = Instant.parse("2026-11-27T12:00:00Z");
    for (int i = 0; i < items; i++) {
      boolean copy = copiesSeed >= 0 && i % 10 == 0;
      boolean sharedPage = copiesSeed >= 0 && i % 10 == 5;
      String where = sharedPage ? "shared" : Integer.toString(feed);
      String headline = words(random, 6);
      sb.append("<item>\n<title>Headline ").append(i).append(" of feed ").append(sharedPage ? "*" : feed).append(": ")
          .append(sharedPage ? "one page on every feed" : headline).append("</title>\n")
          .append("<link>http://news.bench.test/").append(set).append('/').append(where).append('/').append(i)
          .append("</link>\n")
          .append("<guid isPermaLink=\"false\">urn:feedpipe-bench:").append(set).append(':').append(feed).append(':')
          .append(i).append("</guid>\n")
          .append("<pubDate>").append(RFC_1123.format(newest.minusSeconds(60L * i))).append("</pubDate>\n")
          .append("<description><![CDATA[");
      // a wire copy's or shared page's text is the same on every feed: drawn from the item's own seed
      Random text = copy || sharedPage ? new Random(copiesSeed * 1_000_003 + i) : random;
      for (int p = 0; p < 5; p++) {
        sb.append("<p>").append(capitalised(words(text, 60))).append(".</p>");
      }
      sb.append("]]></description>\n</item>\n");
    }
    return sb.append("</channel>\n</rss>\n").toString();
  }

  private static String words(Random random, int n) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < n; w++) {
      sb.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  private static String capitalised(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
