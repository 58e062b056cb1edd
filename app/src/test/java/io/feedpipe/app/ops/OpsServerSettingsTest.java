package io.feedpipe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpsServerSettingsTest {

  @Test
  void defaultsListenOnAllInterfacesOnPort8080WithMetricsAtSlashMetrics() {
    assertThat(OpsServerSettings.defaults()).isEqualTo(new OpsServerSettings("0.0.0.0", 8080, "/metrics"));
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new OpsServerSettings("0.0.0.0", 70_000, "/metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value 70000 for configuration http.port: must be between 0 and 65535 (0 picks a free port)");
  }

  @Test
  void aMetricsPathWithoutALeadingSlashIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new OpsServerSettings("0.0.0.0", 8080, "metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid value 'metrics' for configuration http.metricsPath: must be a path starting with /");
  }

  @Test
  void aMetricsPathThatTakesAnotherEndpointIsRefused() {
    assertThatThrownBy(() -> new OpsServerSettings("0.0.0.0", 8080, "/health/ready"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.metricsPath")
        .hasMessageContaining("taken by another endpoint");
  }

  @Test
  void aBlankHostIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new OpsServerSettings(" ", 8080, "/metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.host");
  }
}
