package io.feedpipe.app.ops;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Where {@link OpsServer} listens.
 *
 * @param host the address to bind ({@code http.host}; default {@code 0.0.0.0}, all interfaces, as
 *     a container needs)
 * @param port the TCP port ({@code http.port}; default 8080; 0 picks a free port, for tests)
 * @param metricsPath the path of the Prometheus scrape ({@code http.metricsPath}; default {@code
 *     /metrics}); must start with {@code /} and must not be one of the other endpoints
 */
public record OpsServerSettings(String host, int port, String metricsPath) {

  /** The paths the server serves besides metrics, which {@code http.metricsPath} may not take. */
  static final Set<String> RESERVED_PATHS = Set.of("/health/live", "/health/ready", "/feeds");

  public OpsServerSettings {
    requireNonNull(host, "host");
    requireNonNull(metricsPath, "metricsPath");
    if (host.isBlank()) {
      throw new IllegalArgumentException("Invalid value '' for configuration http.host: must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "Invalid value " + port + " for configuration http.port: must be between 0 and 65535 (0 picks a free port)");
    }
    if (!metricsPath.matches("/[A-Za-z0-9._~/-]*")) {
      throw new IllegalArgumentException(
          "Invalid value '" + metricsPath + "' for configuration http.metricsPath:"
              + " must be a path starting with / made of letters, digits and . _ ~ / -, for example /metrics");
    }
    if (RESERVED_PATHS.contains(metricsPath) || metricsPath.equals("/")) {
      throw new IllegalArgumentException(
          "Invalid value '" + metricsPath + "' for configuration http.metricsPath:"
              + " it is taken by another endpoint (/, /health/live, /health/ready, /feeds)");
    }
  }

  /** {@code 0.0.0.0:8080}, metrics on {@code /metrics}. */
  public static OpsServerSettings defaults() {
    return new OpsServerSettings("0.0.0.0", 8080, "/metrics");
  }
}
