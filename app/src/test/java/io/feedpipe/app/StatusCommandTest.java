package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  @Test
  void feedsAreShownAsAnAlignedTableWithDashesForMissingValues() throws Exception {
    var feeds = new ObjectMapper().readTree("""
        [{"id":"feedpipe-sample","url":"file:///data/sample/sample-feed.xml","lastPollAt":"2026-11-28T12:00:00Z",
          "outcome":"ok","nextDueAt":"2026-11-28T12:05:00Z","error":null},
         {"id":"abc","url":"https://example.com/rss","lastPollAt":null,"outcome":"http_error",
          "nextDueAt":null,"error":"HTTP 503"}]
        """);

    assertThat(StatusCommand.table(feeds)).isEqualTo("""
        ID               OUTCOME     LAST POLL AT          NEXT DUE AT           ERROR     URL
        feedpipe-sample  ok          2026-11-28T12:00:00Z  2026-11-28T12:05:00Z  -         file:///data/sample/sample-feed.xml
        abc              http_error  -                     -                     HTTP 503  https://example.com/rss
        """);
  }

  @Test // #19: status ignored FEEDPIPE_HTTP_PORT
  void theServiceUrlComesFromTheSameSettingsAsRun() {
    var fromEnv = io.feedpipe.app.config.ConfigLoader.load(java.util.Optional.empty(),
        java.util.Map.of("FEEDPIPE_HTTP_PORT", "9123"), java.util.Map.of());
    var boundToOne = io.feedpipe.app.config.ConfigLoader.load(java.util.Optional.empty(),
        java.util.Map.of("FEEDPIPE_HTTP_HOST", "10.1.2.3"), java.util.Map.of());

    assertThat(StatusCommand.serviceUrl(fromEnv)).hasToString("http://127.0.0.1:9123");
    assertThat(StatusCommand.serviceUrl(boundToOne)).hasToString("http://10.1.2.3:8080");
  }
}
