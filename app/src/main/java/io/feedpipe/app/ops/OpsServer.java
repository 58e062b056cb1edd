package io.feedpipe.app.ops;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP endpoints, on the JDK {@link HttpServer}:
 *
 * <ul>
 *   <li>{@code GET /metrics} (or {@code http.metricsPath}): the registry in the Prometheus text
 *       format 0.0.4, gzipped when the scraper accepts it;
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the process serves HTTP;
 *   <li>{@code GET /health/ready}: 200 {@code {"status":"UP"}}, or 503 {@code
 *       {"status":"DOWN","reasons":{...}}} naming each failing check;
 *   <li>{@code GET /feeds}: a JSON array of {@link FeedStatusView}s.
 * </ul>
 *
 * <p>Any other path is 404, any other method 405. Each exchange runs on its own virtual thread;
 * handlers only read memory, so the server holds no lock. Bounds are the JDK server's: idle
 * keep-alive connections are closed after 30 s ({@code sun.net.httpserver.idleInterval}); request
 * bodies are never read.
 *
 * <p>Starting it also registers the gauge {@code feedpipe_ready} (1 when {@link
 * HealthCheck#ready()} is ok, else 0) in the registry; {@link #close()} removes it. The caller owns
 * the registry and closes it after the server.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

  /** The Prometheus text exposition format, version 0.0.4. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final Gauge readyGauge;

  private OpsServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry, Gauge readyGauge) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
    this.readyGauge = readyGauge;
  }

  /**
   * Binds {@code settings.host():settings.port()} (port 0 picks a free one, see {@link #port()})
   * and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound, naming it and {@code http.port}
   */
  public static OpsServer start(
      OpsServerSettings settings, PrometheusMeterRegistry registry, HealthCheck health, FeedsView feeds) {
    requireNonNull(settings, "settings");
    requireNonNull(registry, "registry");
    requireNonNull(health, "health");
    requireNonNull(feeds, "feeds");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + settings.host() + ":" + settings.port()
              + " (settings http.host, http.port): " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    Routes routes = new Routes(settings.metricsPath(), registry, health, feeds);
    server.createContext("/", routes::handle);
    Gauge ready = Gauge.builder("feedpipe.ready", health, h -> Routes.check(h).ok() ? 1 : 0)
        .description("1 when the service is ready (Kafka reachable, feed state restored), else 0")
        .strongReference(true)
        .register(registry);
    server.start();
    return new OpsServer(server, executor, registry, ready);
  }

  /**
   * A Prometheus registry with the JVM and process binders bound: class loading, memory, GC,
   * threads, processor, uptime, file descriptors, JVM info and (where JFR is available) virtual
   * threads. Closing the registry also closes the binders that hold listeners or a JFR stream.
   */
  public static PrometheusMeterRegistry newRegistry() {
    List<AutoCloseable> closeables = new ArrayList<>();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
      @Override
      public void close() {
        for (AutoCloseable c : closeables) {
          try {
            c.close();
          } catch (Exception e) {
            log.warn("Could not close metrics binder {}: {}", c.getClass().getSimpleName(), e.toString());
          }
        }
        super.close();
      }
    };
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    closeables.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    try {
      VirtualThreadMetrics virtualThreads = new VirtualThreadMetrics();
      virtualThreads.bindTo(registry);
      closeables.add(virtualThreads);
    } catch (RuntimeException | LinkageError e) {
      // a JRE without the jdk.jfr module: the service runs, without these two meters
      log.warn("Virtual-thread metrics are unavailable (JFR missing?): {}", e.toString());
    }
    return registry;
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops at once: closes the listening socket and every connection (an in-flight scrape or probe
   * is cut; its client retries), waits for the handler threads, and removes {@code feedpipe_ready}
   * from the registry.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
    registry.remove(readyGauge);
  }

  /** Dispatch on exact paths; one instance shared by all exchanges, stateless. */
  private record Routes(String metricsPath, PrometheusMeterRegistry registry, HealthCheck health, FeedsView feeds) {

    void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean known = path.equals(metricsPath) || OpsServerSettings.RESERVED_PATHS.contains(path);
        if (!known) {
          send(exchange, 404, "application/json", json("NOT_FOUND", Map.of("path", "no endpoint at " + path)));
          return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
          exchange.getResponseHeaders().set("Allow", "GET");
          send(exchange, 405, "application/json",
              json("METHOD_NOT_ALLOWED", Map.of("method", exchange.getRequestMethod() + " is not allowed; use GET")));
          return;
        }
        try {
          route(exchange, path);
        } catch (RuntimeException e) {
          log.warn("GET {} failed", path, e);
          send(exchange, 500, "application/json", json("ERROR", Map.of("error", String.valueOf(e))));
        }
      }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
      if (path.equals(metricsPath)) {
        sendMetrics(exchange);
        return;
      }
      switch (path) {
        case "/health/live" -> send(exchange, 200, "application/json", json("UP", Map.of()));
        case "/health/ready" -> {
          Health h = check(health);
          send(exchange, h.ok() ? 200 : 503, "application/json", json(h.ok() ? "UP" : "DOWN", h.reasons()));
        }
        case "/feeds" -> send(exchange, 200, "application/json", Json.feeds(feeds.feeds()).getBytes(StandardCharsets.UTF_8));
        default -> throw new IllegalStateException("unrouted path " + path);
      }
    }

    private void sendMetrics(HttpExchange exchange) throws IOException {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      exchange.getResponseHeaders().set("Content-Type", METRICS_CONTENT_TYPE);
      if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, 0); // chunked: the gzipped length is not known up front
        try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
          out.write(body);
        }
      } else {
        send(exchange, 200, METRICS_CONTENT_TYPE, body);
      }
    }

    /** The health check's answer; one that throws is an answer too: not ready, and why. */
    static Health check(HealthCheck health) {
      try {
        return requireNonNull(health.ready(), "HealthCheck.ready() returned null");
      } catch (RuntimeException e) {
        return Health.down(Map.of("healthCheck", "the readiness check failed: " + e));
      }
    }

    private static byte[] json(String status, Map<String, String> reasons) {
      return Json.health(status, reasons).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
