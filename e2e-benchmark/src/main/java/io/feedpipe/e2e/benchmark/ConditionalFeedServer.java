package io.feedpipe.e2e.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scale benchmark's feed server, run in a JVM of its own so its CPU is nobody's: any number of
 * synthetic RSS 2.0 feeds at {@code /<set>/<n>.xml} (n from 0), each of {@code --items} items, with
 * an {@code ETag}; a request whose {@code If-None-Match} matches gets {@code 304 Not Modified}, as
 * an unchanged feed answers a polite poller. {@code GET /stats/<set>} answers {@code <200s> <304s>
 * <distinct feeds served a 200>} so the driver can tell the first round from the steady state.
 *
 * <p>Bodies are generated on request from the feed number (a few hundred bytes per item), so
 * memory stays flat whatever the feed count. Prints {@code port=<n>} once it listens on 127.0.0.1.
 * Args: {@code --port P} (0: any free port), {@code --items M} (5).
 */
public final class ConditionalFeedServer {
  private ConditionalFeedServer() {}

  /** What one set of feeds was served. */
  private static final class Counts {
    final LongAdder ok = new LongAdder();
    final LongAdder notModified = new LongAdder();
    final ConcurrentHashMap<Integer, Boolean> served = new ConcurrentHashMap<>();
  }

  public static void main(String[] args) throws IOException {
    int port = 0;
    int items = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--port, --items)");
      }
    }
    int itemsPerFeed = items;
    ConcurrentHashMap<String, Counts> sets = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/stats/", exchange -> {
      Counts c = sets.computeIfAbsent(exchange.getRequestURI().getPath().substring("/stats/".length()), s -> new Counts());
      send(exchange, 200, (c.ok.sum() + " " + c.notModified.sum() + " " + c.served.size()).getBytes(StandardCharsets.US_ASCII));
    });
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath(); // /<set>/<n>.xml
      int slash = path.indexOf('/', 1);
      int feed;
      try {
        feed = Integer.parseInt(path.substring(slash + 1, path.length() - ".xml".length()));
      } catch (RuntimeException e) {
        send(exchange, 404, new byte[0]);
        return;
      }
      String set = path.substring(1, slash);
      Counts c = sets.computeIfAbsent(set, s -> new Counts());
      String etag = "\"" + set + "-" + feed + "-v1\"";
      exchange.getResponseHeaders().set("ETag", etag);
      if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        c.notModified.increment();
        send(exchange, 304, new byte[0]);
        return;
      }
      c.ok.increment();
      c.served.put(feed, Boolean.TRUE);
      exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
      send(exchange, 200, rss(set, feed, itemsPerFeed).getBytes(StandardCharsets.UTF_8));
    });
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static String rss(String set, int feed, int items) {
    StringBuilder sb = new StringBuilder(300 + items * 500);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Scale feed ")
        .append(feed).append("</title><link>http://news.scale.test/").append(set).append('/').append(feed)
        .append("/</link><description>Synthetic feed of the scale benchmark</description><language>en</language>\n");
    for (int i = 0; i < items; i++) {
      String id = set + "/" + feed + "/" + i;
      sb.append("<item><guid isPermaLink=\"false\">").append(id).append("</guid><title>Council approves plan ")
          .append(i).append(" for district ").append(feed).append("</title><link>http://news.scale.test/").append(id)
          .append("</link><pubDate>").append(String.format(Locale.ROOT, "Tue, 01 Dec 2026 %02d:%02d:00 GMT", i % 24, feed % 60))
          .append("</pubDate><description><![CDATA[<p>The council of district ").append(feed)
          .append(" voted on Tuesday to approve plan ").append(i)
          .append(", officials said, after a debate on the budget that lasted most of the afternoon.</p>")
          .append("<p>The harbour works and the river flood defences take the largest share of the money.</p>]]>")
          .append("</description></item>\n");
    }
    return sb.append("</channel></rss>\n").toString();
  }
}
