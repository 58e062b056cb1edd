package io.feedpipe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import org.junit.jupiter.api.Test;

class OpsServerSettingsTest {
  private static OpsServerSettings settings(String host, int port, String metricsPath) {
    return OpsServerSettings.from(SettingValues.defaults().with(OpsServerSettings.HOST, host)
        .with(OpsServerSettings.PORT, port).with(OpsServerSettings.METRICS_PATH, metricsPath));
  }

  @Test
  void defaultsListenOnTheLoopbackOnPort8080WithMetricsAtSlashMetrics() {
    assertThat(OpsServerSettings.defaults()).isEqualTo(settings("127.0.0.1", 8080, "/metrics")); // #20: not open to the network
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> settings("0.0.0.0", 70_000, "/metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value 70000 for configuration http.port: must be between 0 and 65535 (0 picks a free port)");
  }

  @Test
  void aMetricsPathWithoutALeadingSlashIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> settings("0.0.0.0", 8080, "metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid value metrics for configuration http.metricsPath: must be a path starting with /");
  }

  @Test
  void aMetricsPathThatTakesAnotherEndpointIsRefused() {
    assertThatThrownBy(() -> settings("0.0.0.0", 8080, "/health/ready"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.metricsPath")
        .hasMessageContaining("taken by another endpoint");
  }

  @Test
  void aBlankHostIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> settings(" ", 8080, "/metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.host");
  }
}
