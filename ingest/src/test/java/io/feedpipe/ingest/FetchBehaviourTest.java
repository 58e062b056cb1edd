package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every HTTP behaviour of issue 4 against a real server on 127.0.0.1. */
class FetchBehaviourTest {
  private static final Instant NOW = Instant.parse("2024-01-15T06:00:00Z");

  private LocalServer server;
  private FeedIngestor ingestor;

  @BeforeEach
  void start() throws Exception {
    server = new LocalServer();
    ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.fixed(NOW));
  }

  @AfterEach
  void stop() {
    ingestor.close();
    server.close();
  }

  private IngestResult poll(String path) throws InterruptedException {
    FeedDefinition feed = Feeds.feed(server.url(path));
    return ingestor.poll(feed, Feeds.initial(feed));
  }

  private static Duration untilNext(IngestResult result) {
    return Duration.between(NOW, result.nextState().nextDueAt().orElseThrow());
  }

  @Test
  void sendsValidatorsAndTreatsA304AsNothingNew() throws Exception {
    server.route("/rss", ex -> {
      if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        LocalServer.send(ex, 304, null, new byte[0]);
        return;
      }
      ex.getResponseHeaders().set("ETag", "\"v1\"");
      ex.getResponseHeaders().set("Last-Modified", "Mon, 15 Jan 2024 05:00:00 GMT");
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
    });
    FeedDefinition feed = Feeds.feed(server.url("/rss"));
    IngestResult first = ingestor.poll(feed, Feeds.initial(feed));

    IngestResult second = ingestor.poll(feed, first.nextState());

    assertThat(first.nextState().etag()).contains("\"v1\"");
    assertThat(first.nextState().lastModified()).contains("Mon, 15 Jan 2024 05:00:00 GMT");
    assertThat(server.exchanges.get(1).ifNoneMatch()).isEqualTo("\"v1\"");
    assertThat(server.exchanges.get(1).ifModifiedSince()).isEqualTo("Mon, 15 Jan 2024 05:00:00 GMT");
    assertThat(second.status().outcome()).isEqualTo(PollOutcome.NOT_MODIFIED);
    assertThat(second.status().httpStatus()).contains(304);
    assertThat(second.items()).isEmpty();
    assertThat(second.nextState().etag()).contains("\"v1\"");
    assertThat(second.nextState().lastSuccessAt()).contains(NOW);
  }

  @Test
  void decodesGzipAndDeflateBodies() throws Exception {
    server.route("/gz", ex -> {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      LocalServer.send(ex, 200, "application/rss+xml", gzip(Feeds.RSS.getBytes(StandardCharsets.UTF_8)));
    });
    server.route("/deflate", ex -> {
      ex.getResponseHeaders().set("Content-Encoding", "deflate");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var z = new java.util.zip.DeflaterOutputStream(out)) {
        z.write(Feeds.RSS.getBytes(StandardCharsets.UTF_8));
      }
      LocalServer.send(ex, 200, "application/rss+xml", out.toByteArray());
    });

    assertThat(poll("/gz").items()).hasSize(2);
    assertThat(poll("/deflate").items()).hasSize(2);
  }

  @Test
  void permanentRedirectUpdatesTheFeedUrl() throws Exception {
    server.route("/old", ex -> redirect(ex, 301, "/new"));
    server.route("/new", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));

    IngestResult result = poll("/old");

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.nextState().url()).isEqualTo(server.url("/new"));
    assertThat(result.status().url()).isEqualTo(server.url("/new"));
  }

  @Test
  void temporaryRedirectKeepsTheFeedUrl() throws Exception {
    server.route("/old", ex -> redirect(ex, 302, "/new"));
    server.route("/new", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));

    IngestResult result = poll("/old");

    assertThat(result.items()).hasSize(2);
    assertThat(result.nextState().url()).isEqualTo(server.url("/old"));
  }

  @Test
  void redirectLoopIsAnErrorNotAHang() throws Exception {
    server.route("/a", ex -> redirect(ex, 302, "/b"));
    server.route("/b", ex -> redirect(ex, 302, "/a"));

    IngestResult result = poll("/a");

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.HTTP_ERROR);
    assertThat(result.status().errorKind()).contains("redirect");
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("redirect loop"));
  }

  @Test
  void followsAtMostFiveRedirects() throws Exception {
    for (int i = 0; i < 7; i++) {
      int next = i + 1;
      server.route("/r" + i, ex -> redirect(ex, 307, "/r" + next));
    }
    server.route("/r7", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));

    IngestResult result = poll("/r0");

    assertThat(result.status().errorKind()).contains("redirect");
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("fetch.maxRedirects"));
    assertThat(server.requests).doesNotContain("/r6", "/r7");
  }

  @Test
  void goneDisablesTheFeed() throws Exception {
    server.route("/gone", ex -> LocalServer.send(ex, 410, "text/plain", "gone"));

    IngestResult result = poll("/gone");

    assertThat(result.nextState().disabledReason()).hasValueSatisfying(r -> assertThat(r).contains("410"));
    assertThat(result.nextState().nextDueAt()).isEmpty();
    assertThat(result.status().disabledReason()).isPresent();
    assertThat(result.status().nextAttemptAt()).isEmpty();
    IngestResult again = ingestor.poll(Feeds.feed(server.url("/gone")), result.nextState());
    assertThat(again.status().errorKind()).contains("disabled");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void honoursRetryAfterInSeconds() throws Exception {
    server.route("/busy", ex -> {
      ex.getResponseHeaders().set("Retry-After", "7200");
      LocalServer.send(ex, 429, "text/plain", "slow down");
    });

    IngestResult result = poll("/busy");

    assertThat(result.status().httpStatus()).contains(429);
    assertThat(untilNext(result)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void honoursRetryAfterAsAnHttpDate() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plus(Duration.ofHours(3)).atOffset(ZoneOffset.UTC));
    server.route("/busy", ex -> {
      ex.getResponseHeaders().set("Retry-After", date);
      LocalServer.send(ex, 503, "text/plain", "maintenance");
    });

    IngestResult result = poll("/busy");

    assertThat(result.status().httpStatus()).contains(503);
    assertThat(untilNext(result)).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void serverErrorsBackOffExponentiallyUpToTheCapAndRecover() throws Exception {
    boolean[] healthy = {false};
    server.route("/flaky", ex -> {
      if (healthy[0]) {
        LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
      } else {
        LocalServer.send(ex, 500, "text/plain", "oops");
      }
    });
    FeedDefinition feed = Feeds.feed(server.url("/flaky"));
    FeedState state = Feeds.initial(feed);
    Duration[] waits = new Duration[12];
    for (int i = 0; i < waits.length; i++) {
      IngestResult r = ingestor.poll(feed, state);
      state = r.nextState();
      waits[i] = untilNext(r);
      assertThat(r.status().outcome()).isEqualTo(PollOutcome.HTTP_ERROR);
    }
    assertThat(state.consecutiveErrors()).isEqualTo(12);
    assertThat(waits[0]).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
    assertThat(waits[2]).isBetween(Duration.ofSeconds(1080), Duration.ofSeconds(1320));
    assertThat(waits[11]).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));

    healthy[0] = true;
    IngestResult recovered = ingestor.poll(feed, state);
    assertThat(recovered.nextState().consecutiveErrors()).isZero();
    assertThat(untilNext(recovered)).isBetween(Duration.ofMinutes(13), Duration.ofMinutes(17)); // <ttl>15</ttl>
  }

  @Test
  void aServerDrippingBytesIsCutOffByTheWholeCallDeadline() throws Exception {
    server.route("/drip", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      try {
        for (int i = 0; i < 600; i++) {
          out.write(' ');
          out.flush();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long t0 = System.nanoTime();

    IngestResult result = poll("/drip");

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    assertThat(result.status().outcome()).isEqualTo(PollOutcome.NETWORK_ERROR);
    assertThat(result.status().errorKind()).contains("timeout");
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("fetch.callTimeout"));
  }

  @Test
  void anEndlessBodyStopsAtTheSizeCap() throws Exception {
    server.route("/endless", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 1_000_000; i++) {
          out.write(chunk);
        }
      }
    });

    IngestResult result = poll("/endless");

    assertThat(result.status().errorKind()).contains("too-large");
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("fetch.maxBodyBytes"));
  }

  @Test
  void aGzipBombStopsAtTheCapOnDecodedBytes() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    assertThat(compressed.size()).isLessThan(200_000);
    server.route("/bomb", ex -> {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      LocalServer.send(ex, 200, "application/rss+xml", compressed.toByteArray());
    });

    IngestResult result = poll("/bomb");

    assertThat(result.status().errorKind()).contains("too-large");
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("after gzip decoding"));
  }

  @Test
  void latin1BytesDeclaredAsUtf8AreReadAsLatin1AndSaySo() throws Exception {
    byte[] body = Feeds.RSS.replace("Second story", "Caf\u00e9 story").getBytes(StandardCharsets.ISO_8859_1);
    server.route("/latin", ex -> LocalServer.send(ex, 200, "application/rss+xml; charset=utf-8", body));

    IngestResult result = poll("/latin");

    assertThat(result.items().get(1).title()).contains("Caf\u00e9 story");
    assertThat(result.items()).allSatisfy(i -> assertThat(i.title().orElse("")).doesNotContain("\uFFFD"));
    assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("read as windows-1252"));
  }

  @Test
  void utf8WithoutAnyDeclaredCharsetIsReadAsUtf8() throws Exception {
    byte[] body = Feeds.RSS.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "")
        .replace("Second story", "\u0939\u093f\u0928\u094d\u0926\u0940 story").getBytes(StandardCharsets.UTF_8);
    server.route("/hindi", ex -> LocalServer.send(ex, 200, "text/xml", body));

    IngestResult result = poll("/hindi");

    assertThat(result.items().get(1).title()).contains("\u0939\u093f\u0928\u094d\u0926\u0940 story");
  }

  @Test
  void bytesValidInNoCharsetBecomeACharsetErrorWithADeadLetter() throws Exception {
    byte[] feed = Feeds.RSS.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[feed.length + 5];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF; // a UTF-8 byte-order mark…
    System.arraycopy(feed, 0, body, 3, feed.length);
    body[feed.length + 3] = (byte) 0xC3; // …then a truncated sequence
    body[feed.length + 4] = (byte) 0x28;
    server.route("/broken", ex -> LocalServer.send(ex, 200, "application/rss+xml", body));

    IngestResult result = poll("/broken");

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.PARSE_ERROR);
    assertThat(result.status().errorKind()).contains("charset");
    assertThat(result.items()).isEmpty();
    assertThat(result.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("charset");
      assertThat(d.payloadBytes()).isEqualTo(body.length);
      assertThat(d.payloadSha256()).hasSize(64);
      assertThat(d.payloadHead()).contains("<rss");
    });
  }

  @Test
  void anEmptyBodyIsAParseErrorNotACrash() throws Exception {
    server.route("/empty", ex -> LocalServer.send(ex, 200, "application/rss+xml", new byte[0]));

    IngestResult result = poll("/empty");

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.PARSE_ERROR);
    assertThat(result.status().errorKind()).contains("empty");
    assertThat(result.nextState().consecutiveErrors()).isEqualTo(1);
  }

  @Test
  void anHtmlPageInsteadOfAFeedIsAParseErrorWithADeadLetter() throws Exception {
    server.route("/html", ex -> LocalServer.send(ex, 200, "text/html",
        "<!doctype html><html><head><title>Home</title></head><body><p>Hi&nbsp;there</p></body></html>"));

    IngestResult result = poll("/html");

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.PARSE_ERROR);
    assertThat(result.deadLetters()).singleElement().satisfies(d -> assertThat(d.payloadHead()).startsWith("<!doctype html>"));
  }

  @Test
  void cacheControlMaxAgeIsALowerBoundOfTheInterval() throws Exception {
    server.route("/cached", ex -> {
      ex.getResponseHeaders().set("Cache-Control", "public, max-age=7200");
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS.replace("<ttl>15</ttl>", ""));
    });

    assertThat(untilNext(poll("/cached"))).isBetween(Duration.ofMinutes(108), Duration.ofMinutes(132));
  }

  @Test
  void expiresIsALowerBoundOfTheInterval() throws Exception {
    server.route("/expires", ex -> {
      // The JDK server stamps its own Date header; Expires is measured against it, as the RFC says.
      ex.getResponseHeaders().set("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(
          Instant.now().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)));
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS.replace("<ttl>15</ttl>", ""));
    });

    assertThat(untilNext(poll("/expires"))).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
  }

  @Test
  void refusesAConnectionTheServerNeverAccepts() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    FeedDefinition feed = Feeds.feed(URI.create("http://127.0.0.1:" + port + "/rss"));

    IngestResult result = ingestor.poll(feed, Feeds.initial(feed));

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.NETWORK_ERROR);
    assertThat(result.nextState().nextDueAt()).isPresent();
  }

  private static void redirect(HttpExchange ex, int status, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    LocalServer.send(ex, status, null, new byte[0]);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aValidatorThatCannotBeSentBackIsDroppedNotThrown() throws Exception {
    server.route("/odd-etag", ex -> {
      ex.getResponseHeaders().set("ETag", "\"caf\u00e9\"");
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
    });
    FeedDefinition feed = Feeds.feed(server.url("/odd-etag"));
    IngestResult first = ingestor.poll(feed, Feeds.initial(feed));

    IngestResult second = ingestor.poll(feed, first.nextState());

    assertThat(second.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(server.exchanges.get(1).ifNoneMatch()).isNull();
  }

  @Test
  void onlyTheFirstMaxItemsPerFeedAreReadAndTheStatusSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    StringBuilder rss = new StringBuilder("<rss version=\"2.0\"><channel><title>big</title>");
    for (int i = 0; i < 30; i++) {
      rss.append("<item><guid>").append(i).append("</guid></item>");
    }
    java.nio.file.Path file = dir.resolve("big.xml");
    java.nio.file.Files.writeString(file, rss.append("</channel></rss>"));
    IngestSettings settings = IngestSettings.from(Feeds.loopbackValues().with(ParseSettings.MAX_ITEMS_PER_FEED, 10));
    try (FeedIngestor small = FeedIngestor.create(settings, InstantSource.fixed(NOW))) {
      FeedDefinition feed = Feeds.feed(file.toUri());

      IngestResult result = small.poll(feed, Feeds.initial(feed));

      assertThat(result.items()).hasSize(10);
      assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("parse.maxItemsPerFeed"));
    }
  }

  @Test
  void aTtlStillHoldsOnTheNotModifiedPollsThatFollow() throws Exception {
    server.route("/ttl", ex -> {
      if ("\"t\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        LocalServer.send(ex, 304, null, new byte[0]);
        return;
      }
      ex.getResponseHeaders().set("ETag", "\"t\"");
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS.replace("<ttl>15</ttl>", "<ttl>60</ttl>"));
    });
    FeedDefinition feed = Feeds.feed(server.url("/ttl"));
    IngestResult first = ingestor.poll(feed, Feeds.initial(feed));

    IngestResult second = ingestor.poll(feed, first.nextState());

    assertThat(second.status().outcome()).isEqualTo(PollOutcome.NOT_MODIFIED);
    assertThat(untilNext(first)).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
    assertThat(untilNext(second)).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
  }
}
