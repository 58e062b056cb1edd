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
import java.util.function.IntFunction;

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
    serve(name, set.bodies().size(), f -> set.bodies().get(f));
    return urls;
  }

  /**
   * Adds {@code feeds} feeds under {@code /<name>/} that gain {@code newPerPoll} new items on every
   * request until {@code growUntil} (then stay as they are): each answer holds the feed's newest
   * {@code shown} items, newest first, so a poll sees its new items next to ones it has seen. The
   * mix is {@link #addFeeds(String, int, int, long, boolean)}'s with copies: one item in ten a wire
   * copy on every feed, one in ten one page on every feed. Bodies are generated per request (an
   * item's text from its own seed, so an item shown twice is the same), and an item's pubDate is
   * when it was first served.
   *
   * @return the feed URLs, in feed order
   */
  List<String> addGrowingFeeds(String name, int feeds, int newPerPoll, int shown, long seed, Instant growUntil) {
    if (newPerPoll < 1 || shown < newPerPoll) {
      throw new IllegalArgumentException("need 1 <= newPerPoll <= shown; got " + newPerPoll + ", " + shown);
    }
    List<GrowingFeed> growing = new ArrayList<>(feeds);
    List<String> urls = new ArrayList<>(feeds);
    for (int f = 0; f < feeds; f++) {
      growing.add(new GrowingFeed(name, f, newPerPoll, shown, seed, growUntil));
      urls.add("http://127.0.0.1:" + port() + "/" + name + "/" + f + ".xml");
    }
    serve(name, feeds, f -> growing.get(f).poll().getBytes(StandardCharsets.UTF_8));
    return urls;
  }

  /** One feed of {@link #addGrowingFeeds}: its items so far and when each batch was first served. */
  private static final class GrowingFeed {
    private final String set;
    private final int feed;
    private final int newPerPoll;
    private final int shown;
    private final long seed;
    private final Instant growUntil;
    private final List<Instant> batchTimes = new ArrayList<>();

    GrowingFeed(String set, int feed, int newPerPoll, int shown, long seed, Instant growUntil) {
      this.set = set;
      this.feed = feed;
      this.newPerPoll = newPerPoll;
      this.shown = shown;
      this.seed = seed;
      this.growUntil = growUntil;
    }

    /** The feed's body now, after adding a batch of new items unless growth is over. */
    synchronized String poll() {
      Instant now = Instant.now();
      if (batchTimes.isEmpty() || now.isBefore(growUntil)) {
        batchTimes.add(now);
      }
      int end = batchTimes.size() * newPerPoll;
      int start = Math.max(0, end - shown);
      StringBuilder sb = channel(set, feed, end - start);
      for (int i = end - 1; i >= start; i--) {
        Random random = new Random(seed * 1_000_003 + feed * 0x9E3779B97F4A7C15L + i);
        item(sb, set, feed, i, random, seed, batchTimes.get(i / newPerPoll));
      }
      return sb.append("</channel>\n</rss>\n").toString();
    }
  }

  /** Answers {@code /<name>/<feed>.xml} with {@code body.apply(feed)} for feeds 0 to {@code feeds - 1}, else 404. */
  private void serve(String name, int feeds, IntFunction<byte[]> body) {
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
        if (feed < 0 || feed >= feeds) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        byte[] bytes = body.apply(feed);
        exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
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
    StringBuilder sb = channel(set, feed, items);
    Instant newest = Instant.parse("2026-11-27T12:00:00Z");
    for (int i = 0; i < items; i++) {
      item(sb, set, feed, i, random, copiesSeed, newest.minusSeconds(60L * i));
    }
    return sb.append("</channel>\n</rss>\n").toString();
  }

  private static StringBuilder channel(String set, int feed, int items) {
    StringBuilder sb = new StringBuilder(items * 2600);
    return sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n")
        .append("<title>Bench feed ").append(feed).append("</title>\n")
        .append("<link>http://news.bench.test/").append(set).append('/').append(feed).append("/</link>\n")
        .append("<description>Synthetic feed for the end-to-end benchmark</description>\n")
        .append("<language>en</language>\n");
  }

  /**
   * Item {@code i} of {@code feed}: headline and (unless a copy) text drawn from {@code random}; with
   * {@code copiesSeed >= 0}, {@code i % 10 == 0} is a wire copy and {@code i % 10 == 5} one page on every feed.
   */
  private static void item(StringBuilder sb, String set, int feed, int i, Random random, long copiesSeed,
      Instant published) {
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
        .append("<pubDate>").append(RFC_1123.format(published)).append("</pubDate>\n")
        .append("<description><![CDATA[");
    // a wire copy's or shared page's text is the same on every feed: drawn from the item's own seed
    Random text = copy || sharedPage ? new Random(copiesSeed * 1_000_003 + i) : random;
    for (int p = 0; p < 5; p++) {
      sb.append("<p>").append(capitalised(words(text, 60))).append(".</p>");
    }
    sb.append("]]></description>\n</item>\n");
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
