package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.PollOutcome;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard end to end, with traffic only to 127.0.0.1: host names are mapped by a test resolver,
 * and every refusal is proven by the server never seeing the request.
 */
class AddressGuardEndToEndTest {
  private LocalServer server;

  private static final Map<String, String> HOSTS = Map.of(
      "feeds.test", "127.0.0.1",
      "internal.test", "10.0.0.7",
      "metadata.test", "169.254.169.254",
      "mixed.test", "127.0.0.1");

  private static List<InetAddress> resolve(String host) throws UnknownHostException {
    String address = HOSTS.get(host);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByName(address));
  }

  @BeforeEach
  void start() throws Exception {
    server = new LocalServer();
    server.route("/rss", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));
    server.route("/to-127-0-0-2", ex -> {
      ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + server.port() + "/rss");
      LocalServer.send(ex, 302, null, new byte[0]);
    });
    server.route("/to-internal", ex -> {
      ex.getResponseHeaders().set("Location", "http://internal.test:" + server.port() + "/rss");
      LocalServer.send(ex, 301, null, new byte[0]);
    });
    server.route("/to-decimal", ex -> {
      ex.getResponseHeaders().set("Location", "http://2130706434:" + server.port() + "/rss");
      LocalServer.send(ex, 302, null, new byte[0]);
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IngestResult poll(FeedIngestor ingestor, String url) throws InterruptedException {
    FeedDefinition feed = FeedDefinition.of(URI.create(url));
    return ingestor.poll(feed, Feeds.initial(feed));
  }

  @Test
  void onlyTheAllowedLoopbackAddressIsFetchedAndARedirectTo127002IsRefused() throws Exception {
    try (FeedIngestor ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.system(), AddressGuardEndToEndTest::resolve)) {
      IngestResult allowed = poll(ingestor, "http://feeds.test:" + server.port() + "/rss");
      IngestResult redirected = poll(ingestor, server.url("/to-127-0-0-2").toString());

      assertThat(allowed.status().outcome()).isEqualTo(PollOutcome.OK);
      assertThat(redirected.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(redirected.status().errorKind()).contains("refused");
      assertThat(redirected.status().message()).hasValueSatisfying(m -> assertThat(m)
          .contains("refused by the address guard").contains("127.0.0.2").contains("loopback"));
      assertThat(server.requests).containsExactly("/rss", "/to-127-0-0-2");
    }
  }

  @Test
  void aRedirectToANameThatResolvesToAPrivateAddressIsRefusedBeforeConnecting() throws Exception {
    try (FeedIngestor ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.system(), AddressGuardEndToEndTest::resolve)) {
      IngestResult result = poll(ingestor, server.url("/to-internal").toString());

      assertThat(result.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m)
          .contains("internal.test").contains("10.0.0.7").contains("private"));
    }
  }

  @Test
  void aRedirectToADecimalLiteralIsJudgedAsTheAddressItDenotes() throws Exception {
    try (FeedIngestor ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.system(), AddressGuardEndToEndTest::resolve)) {
      IngestResult result = poll(ingestor, server.url("/to-decimal").toString());

      assertThat(result.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("127.0.0.2"));
      assertThat(server.requests).containsExactly("/to-decimal");
    }
  }

  @Test
  void withDefaultSettingsLoopbackAndMetadataAddressesAreRefused() throws Exception {
    try (FeedIngestor ingestor = FeedIngestor.create(IngestSettings.defaults(), InstantSource.system(), AddressGuardEndToEndTest::resolve)) {
      IngestResult literal = poll(ingestor, server.url("/rss").toString());
      IngestResult named = poll(ingestor, "http://feeds.test:" + server.port() + "/rss");
      IngestResult metadata = poll(ingestor, "http://metadata.test/latest/meta-data/");

      assertThat(literal.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(named.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(metadata.status().message()).hasValueSatisfying(m -> assertThat(m).contains("link-local"));
      assertThat(server.requests).isEmpty();
    }
  }

  @Test
  void schemesOtherThanHttpHttpsAndFileAreRefused() throws Exception {
    try (FeedIngestor ingestor = FeedIngestor.create(Feeds.loopbackSettings(), InstantSource.system(), AddressGuardEndToEndTest::resolve)) {
      IngestResult result = poll(ingestor, "ftp://feeds.test/rss");

      assertThat(result.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(result.status().message()).hasValueSatisfying(m -> assertThat(m).contains("only http, https and file"));
    }
  }
}
