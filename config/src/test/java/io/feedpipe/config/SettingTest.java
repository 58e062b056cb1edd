package io.feedpipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final Setting<Duration> TIMEOUT =
      Setting.of("fetch.callTimeout", SettingType.positiveDuration(), Duration.ofMinutes(1), "Deadline.");
  private static final Setting<Integer> HOPS =
      Setting.of("fetch.maxRedirects", SettingType.integer(0, 20), 5, "Hops.");
  private static final Setting<String> CONTACT =
      Setting.optional("fetch.contact", SettingType.nonBlank(), "Contact.");

  @Test
  void theEnvironmentVariableIsDerivedFromTheKey() {
    assertThat(Setting.of("fetch.maxBodyBytes", SettingType.sizeBytes(1, Long.MAX_VALUE), 1L, "x").envVar())
        .isEqualTo("FEEDPIPE_FETCH_MAX_BODY_BYTES");
    assertThat(Setting.of("dataDir", SettingType.nonBlank(), "./data", "x").envVar()).isEqualTo("FEEDPIPE_DATA_DIR");
  }

  @Test
  void oneRuleChecksTextAndValuesAlikeAndTheMessageNamesValueKeyAndRule() {
    assertThatThrownBy(() -> HOPS.read("21")).hasMessage("must be 0..20");
    assertThatThrownBy(() -> HOPS.check(21))
        .hasMessage("Invalid value 21 for configuration fetch.maxRedirects: must be 0..20");
    assertThatThrownBy(() -> TIMEOUT.check(Duration.ofSeconds(-5)))
        .hasMessage("Invalid value PT-5S for configuration fetch.callTimeout: must be positive");
    assertThat(HOPS.read(" 7 ")).isEqualTo(7);
    assertThat(TIMEOUT.read("2min")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aDefaultThatBreaksItsOwnRuleFailsWhenDeclared() {
    assertThatThrownBy(() -> Setting.of("fetch.maxRedirects", SettingType.integer(0, 20), 50, "Hops."))
        .hasMessage("the default of fetch.maxRedirects breaks its rule: must be 0..20");
  }

  @Test
  void valuesComeFromOverridesElseTheDefaultElseNowhere() {
    SettingValues values = SettingValues.defaults().with(HOPS, 2);
    assertThat(values.get(HOPS)).isEqualTo(2);
    assertThat(values.get(TIMEOUT)).isEqualTo(Duration.ofMinutes(1));
    assertThat(values.find(CONTACT)).isEmpty();
    assertThat(values.with(CONTACT, "ops@example.org").find(CONTACT)).contains("ops@example.org");
    assertThat(values.with(HOPS, 3).get(HOPS)).isEqualTo(3);
    assertThatThrownBy(() -> values.get(CONTACT))
        .hasMessage("No value for configuration fetch.contact: it has no default, so it must be set");
  }

  @Test
  void checksReportEveryProblemInOnePass() {
    assertThatThrownBy(() -> new Checks().value(HOPS, 99).value(TIMEOUT, Duration.ZERO).value(HOPS, 1)
        .rule(false, () -> "fetch.a must not exceed fetch.b").throwIfAny())
        .hasMessage("Invalid value 99 for configuration fetch.maxRedirects: must be 0..20; "
            + "Invalid value 0s for configuration fetch.callTimeout: must be positive; fetch.a must not exceed fetch.b");
  }

  @Test
  void typesReadWhatTheyWrite() {
    assertThat(SettingType.sizeBytes(1, Long.MAX_VALUE).read("10MB")).isEqualTo(10L * 1024 * 1024);
    assertThat(SettingType.sizeBytes(1, Long.MAX_VALUE).write(10L * 1024 * 1024)).isEqualTo("10MB");
    assertThat(SettingType.sizeBytes(1, Long.MAX_VALUE).read("1000000")).isEqualTo(1_000_000L);
    assertThatThrownBy(() -> SettingType.sizeBytes(1, Long.MAX_VALUE).read("0")).hasMessage("must be positive");
    assertThatThrownBy(() -> SettingType.sizeBytes(1024, 100 * 1024 * 1024).read("12"))
        .hasMessage("must be 1KB..100MB");
    assertThatThrownBy(() -> SettingType.sizeBytes(1, Long.MAX_VALUE).read("9000000000GB")).hasMessage("is too large");
    assertThat(SettingType.list().read(" a, ,b ")).containsExactly("a", "b");
    assertThat(SettingType.list().write(List.of())).isEmpty();
    assertThat(SettingType.pairs("zones").read("ist=+05:30, PKT=Asia/Karachi"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("IST", "+05:30", "PKT", "Asia/Karachi"));
    assertThatThrownBy(() -> SettingType.pairs("zones").read("IST")).hasMessage("'IST' is not KEY=VALUE");
    assertThat(SettingType.oneOf(List.of("text", "json")).read("JSON")).isEqualTo("json");
    assertThatThrownBy(() -> SettingType.oneOf(List.of("text", "json")).read("xml"))
        .hasMessage("must be one of text, json");
    assertThat(SettingType.bool().read("off")).isFalse();
    assertThat(SettingType.number(0, 0.5).read("0.1")).isEqualTo(0.1);
    assertThatThrownBy(() -> SettingType.number(0, 0.5).read("0.6")).hasMessage("must be between 0.0 and 0.5");
    assertThat(SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(5)).description())
        .isEqualTo("duration 1s..5m");
  }

  @Test
  void secretLookingEntriesAreWrittenMasked() {
    SettingType<Map<String, String>> producer = SettingType.namedEntries("producer configs");
    assertThat(producer.write(Map.of("linger.ms", "5", "sasl.jaas.config", "user=a password=b")))
        .isEqualTo("linger.ms=5,sasl.jaas.config=******");
    assertThatThrownBy(() -> producer.read("linger.ms=5"))
        .hasMessage("can only be given in the config file, one entry per key");
  }

  @Test
  void theTableShowsKeyEnvironmentDefaultAndMeaning() {
    assertThat(SettingsTable.markdown(List.of(HOPS, CONTACT.withAliasEnv("CONTACT"))))
        .isEqualTo("""
            | key | environment variable | default | meaning |
            |---|---|---|---|
            | `fetch.maxRedirects` | `FEEDPIPE_FETCH_MAX_REDIRECTS` | `5` | Hops. (integer 0..20) |
            | `fetch.contact` | `FEEDPIPE_FETCH_CONTACT` or `CONTACT` | (unset) | Contact. (non-empty text) |
            """);
  }

  @Test
  void aReadmesCopyOfTheTableIsWhatStandsBetweenItsMarkers() {
    String readme = "# x\n\n" + SettingsTable.BEGIN + " (generated) -->\n| a |\n| b |\n" + SettingsTable.END + "\nmore\n";
    assertThat(SettingsTable.copyIn(readme)).isEqualTo("| a |\n| b |\n");
    assertThatThrownBy(() -> SettingsTable.copyIn("# no table\n")).isInstanceOf(IllegalArgumentException.class);
  }
}
