package io.feedpipe.ingest.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@code /feed/N} for any N on 127.0.0.1: a 20-item RSS 2.0 feed (about 9 KB) with an ETag;
 * a request carrying that ETag gets a 304. Run in its own JVM so its CPU is not counted as the
 * poller's. Prints the port on its first line.
 */
public final class FeedServer {
  private FeedServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4096);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/feed/", exchange -> {
      String n = exchange.getRequestURI().getPath().substring("/feed/".length());
      String etag = "\"v1-" + n + "\"";
      exchange.getRequestBody().readAllBytes();
      if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.sendResponseHeaders(304, -1);
        exchange.close();
        return;
      }
      byte[] body = feed(n).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.getResponseHeaders().set("ETag", etag);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
  }

  static String feed(String n) {
    return feed(n, 20);
  }

  /** Feed {@code n} with {@code items} items (about 450 bytes each), as served. */
  public static String feed(String n, int items) {
    StringBuilder rss = new StringBuilder(500 + 460 * items);
    rss.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" ")
        .append("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">")
        .append("<channel><title>Bench feed ").append(n).append("</title><link>https://bench.example/").append(n)
        .append("</link><language>en-in</language>\n");
    for (int i = 0; i < items; i++) {
      rss.append("<item><title>Story ").append(i).append(" of feed ").append(n).append(" &amp; more</title>")
          .append("<link>https://bench.example/").append(n).append('/').append(i).append("</link>")
          .append("<guid isPermaLink=\"false\">bench-").append(n).append('-').append(i).append("</guid>")
          .append("<pubDate>Mon, 15 Jan 2024 ").append(10 + i % 10).append(":30:00 IST</pubDate>")
          .append("<dc:creator>Staff</dc:creator><category>India</category>")
          .append("<description>New Delhi, Jan 15 (PTI): A short summary of story ").append(i).append(".</description>")
          .append("<content:encoded><![CDATA[<p>Paragraph one of story ").append(i)
          .append(", long enough to look like news copy from an agency wire.</p><p>Also Read | Another headline</p>")
          .append("<p>(This is an unedited and auto-generated story from Syndicated News feed.)</p>]]></content:encoded>")
          .append("</item>\n");
    }
    return rss.append("</channel></rss>\n").toString();
  }
}
