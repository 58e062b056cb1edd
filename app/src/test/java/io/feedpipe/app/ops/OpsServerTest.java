package io.feedpipe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.PollOutcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private static final OpsServerSettings LOOPBACK = loopback(0, "/metrics");

  private static OpsServerSettings loopback(int port, String metricsPath) {
    return OpsServerSettings.from(SettingValues.defaults().with(OpsServerSettings.HOST, "127.0.0.1")
        .with(OpsServerSettings.PORT, port).with(OpsServerSettings.METRICS_PATH, metricsPath));
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Health> health = new AtomicReference<>(Health.up());
  private final AtomicReference<List<FeedStatusView>> feeds = new AtomicReference<>(List.of());
  private OpsServer server;

  @AfterEach
  void stop() {
    client.close(); // first, so that no keep-alive connection holds the server's graceful stop
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  private OpsServer start(OpsServerSettings settings) {
    server = OpsServer.start(settings, registry, health::get, feeds::get);
    return server;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)));
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void metricsAreServedInThePrometheusTextFormatWithThePipelineMetersAndReadiness() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics(List::of, Instant::now);
    metrics.bindTo(registry);
    start(LOOPBACK);
    metrics.recordPoll(TestFeeds.status(PollOutcome.OK), Duration.ofMillis(120), 2048);
    metrics.recordPublished("stories", 3);

    HttpResponse<byte[]> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(response).lines()).contains(
        "# TYPE feedpipe_polls_total counter",
        "feedpipe_polls_total{outcome=\"ok\"} 1.0",
        "feedpipe_fetch_bytes_total 2048.0",
        "feedpipe_published_records_total{topic=\"stories\"} 3.0",
        "# TYPE feedpipe_ready gauge",
        "feedpipe_ready 1.0");
  }

  @Test
  void metricsAreGzippedWhenTheScraperAcceptsIt() throws Exception {
    start(LOOPBACK);

    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()).contains("feedpipe_ready 1.0");
    }
  }

  @Test
  void metricsMoveToTheConfiguredPath() throws Exception {
    start(loopback(0, "/prometheus"));

    assertThat(text(get("/prometheus"))).contains("feedpipe_ready 1.0");
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
  }

  @Test
  void livenessIsUpWhateverReadinessSays() throws Exception {
    health.set(Health.down(Map.of("kafka", "no broker at kafka:9092")));
    start(LOOPBACK);

    HttpResponse<byte[]> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void readinessIsUpWhenTheCheckIsOk() throws Exception {
    start(LOOPBACK);

    HttpResponse<byte[]> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void readinessIs503NamingEveryReasonAndTheGaugeDropsToZero() throws Exception {
    start(LOOPBACK);
    health.set(Health.down(Map.of(
        "state", "restoring feed state: 12 of 40 partitions read",
        "kafka", "no broker at \"kafka:9092\" for 30s")));

    HttpResponse<byte[]> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(text(response)).isEqualTo(
        "{\"status\":\"DOWN\",\"reasons\":{\"kafka\":\"no broker at \\\"kafka:9092\\\" for 30s\","
            + "\"state\":\"restoring feed state: 12 of 40 partitions read\"}}");
    assertThat(text(get("/metrics")).lines()).contains("feedpipe_ready 0.0");
  }

  @Test
  void aReadinessCheckThatThrowsIsNotReadyAndSaysWhy() throws Exception {
    server = OpsServer.start(LOOPBACK, registry, () -> {
      throw new IllegalStateException("producer not created yet");
    }, List::of);

    HttpResponse<byte[]> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(text(response)).contains("\"healthCheck\":\"the readiness check failed: java.lang.IllegalStateException: producer not created yet\"");
  }

  @Test
  void feedsAreAJsonArrayWithNullsForWhatIsNotKnownYet() throws Exception {
    feeds.set(List.of(
        new FeedStatusView("a1", URI.create("https://a.example/rss"), Optional.of(Instant.parse("2026-11-28T12:00:00Z")),
            Optional.of(PollOutcome.HTTP_ERROR), Optional.of(Instant.parse("2026-11-28T12:10:00Z")), 2,
            Optional.of("https://a.example/rss: HTTP 503"), Optional.empty()),
        new FeedStatusView("b2", URI.create("https://b.example/atom"), Optional.empty(), Optional.empty(),
            Optional.empty(), 0, Optional.empty(), Optional.empty())));
    start(LOOPBACK);

    HttpResponse<byte[]> response = get("/feeds");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo("["
        + "{\"id\":\"a1\",\"url\":\"https://a.example/rss\",\"lastPollAt\":\"2026-11-28T12:00:00Z\","
        + "\"outcome\":\"http_error\",\"nextDueAt\":\"2026-11-28T12:10:00Z\",\"consecutiveErrors\":2,"
        + "\"error\":\"https://a.example/rss: HTTP 503\",\"disabledReason\":null},"
        + "{\"id\":\"b2\",\"url\":\"https://b.example/atom\",\"lastPollAt\":null,\"outcome\":null,"
        + "\"nextDueAt\":null,\"consecutiveErrors\":0,\"error\":null,\"disabledReason\":null}]");
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    start(LOOPBACK);

    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/feeds"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void unknownPathsAndPathsThatMerelyStartWithAnEndpointAre404() throws Exception {
    start(LOOPBACK);

    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/feeds/a1").statusCode()).isEqualTo(404);
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
  }

  @Test
  void closingStopsListeningAndRemovesTheReadinessGauge() throws Exception {
    start(LOOPBACK);
    int port = server.port();

    server.close();
    server = null;

    assertThat(registry.find("feedpipe.ready").gauge()).isNull();
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aPortInUseIsReportedWithTheSettingToChange() {
    start(LOOPBACK);

    assertThatThrownBy(() -> OpsServer.start(OpsServerSettings.from(SettingValues.defaults().with(OpsServerSettings.HOST, "127.0.0.1").with(OpsServerSettings.PORT, server.port()).with(OpsServerSettings.METRICS_PATH, "/metrics")),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Health::up, List::of))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("http.port");
  }

  @Test
  void newRegistryBindsTheJvmAndProcessMeters() {
    PrometheusMeterRegistry jvm = OpsServer.newRegistry();
    try {
      List<String> names = jvm.scrape().lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]).distinct().toList();

      assertThat(names).contains(
          "jvm_classes_loaded_classes",
          "jvm_memory_used_bytes",
          "jvm_gc_memory_allocated_bytes_total",
          "jvm_threads_live_threads",
          "jvm_info",
          "process_cpu_usage",
          "system_cpu_count",
          "process_uptime_seconds",
          "process_files_open_files",
          "jvm_threads_virtual_pinned_seconds_count");
    } finally {
      jvm.close();
    }
  }
}
