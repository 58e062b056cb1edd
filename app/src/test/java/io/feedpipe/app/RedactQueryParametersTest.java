package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.app.config.ConfigException;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Redaction;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** #20: {@code redact.queryParameters} is checked at start and applies to the whole process. */
class RedactQueryParametersTest {

  @AfterEach
  void restoreTheDefaults() {
    Redaction.useSecretParameters(Redaction.DEFAULT_SECRET_PARAMETERS);
  }

  @Test
  void theConfiguredNamesReplaceTheDefaultsForEveryRecordThatShowsAUrl() {
    new SettingsOptions().load(Map.of("redact.queryParameters", "session,code"));

    FeedStatus status = new FeedStatus("f", URI.create("https://h.example/rss?session=s1&code=c2&token=t3"), Instant.EPOCH,
        PollOutcome.OK, Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), List.of());

    assertThat(status.url()).hasToString("https://h.example/rss?session=REDACTED&code=REDACTED&token=t3");
  }

  @Test
  void aNameThatCannotBeAQueryParameterStopsTheStartNamingTheKey() {
    assertThatThrownBy(() -> new SettingsOptions().load(Map.of("redact.queryParameters", "token,to ken")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("redact.queryParameters").hasMessageContaining("'to ken'");
    assertThat(Redaction.secretParameters()).isEqualTo(Redaction.DEFAULT_SECRET_PARAMETERS);
  }
}
