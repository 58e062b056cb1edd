package io.feedpipe.app.ops;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where {@link OpsServer} listens. Each component is the setting of the same name below, where its
 * default and rule are written; build it with {@link #from(SettingValues)}.
 *
 * @param host {@link #HOST}: the loopback interface by default, so {@code /feeds} is not open to the
 *     network; the container image sets {@code 0.0.0.0}
 * @param port {@link #PORT}: 0 picks a free port, for tests
 * @param metricsPath {@link #METRICS_PATH}: must not be one of the other endpoints
 */
public record OpsServerSettings(String host, int port, String metricsPath) {

  /** The paths the server serves besides metrics, which {@code http.metricsPath} may not take. */
  static final Set<String> RESERVED_PATHS = Set.of("/health/live", "/health/ready", "/feeds");

  public static final Setting<String> HOST = Setting.of("http.host", SettingType.nonBlank(), "127.0.0.1",
      "Address the metrics/health HTTP server binds: this machine only by default; `0.0.0.0` for every interface "
          + "(the container image sets it, so Prometheus can scrape).");
  public static final Setting<Integer> PORT = Setting.of("http.port", SettingType.port(), 8080,
      "Port of the metrics/health HTTP server (0 = any free port).");
  public static final Setting<String> METRICS_PATH = Setting.of("http.metricsPath",
      SettingType.matching("URL path starting with /", Pattern.compile("/[A-Za-z0-9._~/-]*"),
              "must be a path starting with / made of letters, digits and . _ ~ / -, for example /metrics")
          .and(path -> !RESERVED_PATHS.contains(path) && !path.equals("/"),
              "it is taken by another endpoint (/, /health/live, /health/ready, /feeds)"),
      "/metrics", "Path of the Prometheus scrape endpoint.");

  /** Every {@code http.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, METRICS_PATH);

  public OpsServerSettings {
    new Checks().value(HOST, host).value(PORT, port).value(METRICS_PATH, metricsPath).throwIfAny();
  }

  /** The settings as {@code values} gives them. */
  public static OpsServerSettings from(SettingValues values) {
    return new OpsServerSettings(values.get(HOST), values.get(PORT), values.get(METRICS_PATH));
  }

  /** Every setting at its default. */
  public static OpsServerSettings defaults() {
    return from(SettingValues.defaults());
  }
}
