package io.feedpipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "30s, PT30S",
      "10m, PT10M",
      "10min, PT10M", // #18: the feeds file read `min`, the settings did not; one grammar reads both
      "10 MIN, PT10M",
      "2h, PT2H",
      "1d, PT24H",
      "' 5 s ', PT5S",
      "PT10M, PT10M",
      "pt1h30m, PT1H30M",
      "P1D, PT24H",
      "PT-5S, PT-5S"})
  void readsTheShortFormAndIso8601(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "ten minutes", "10 mins", "-5s", "1w", "1234567890s", "5 h 3m"})
  void refusesAnythingElseNamingTheGrammar(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("must be a duration such as 30s, 10m (or 10min)");
  }

  @ParameterizedTest
  @CsvSource({"PT0.2S, 200ms", "PT10S, 10s", "PT1M, 1m", "PT5M, 5m", "PT2H, 2h", "PT720H, 30d", "PT0S, 0s",
      "PT1M30S, 90s", "PT-5S, PT-5S", "PT0.0000001S, PT0.0000001S"})
  void writesTheShortestTextItReadsBack(String iso, String text) {
    Duration d = Duration.parse(iso);
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Test
  void formatThenParseIsTheIdentityOnRandomDurations() {
    long seed = Long.getLong("durations.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      Duration d = switch (random.nextInt(3)) {
        case 0 -> Duration.ofMillis(random.nextLong(0, 1_000_000_000L));
        case 1 -> Duration.ofSeconds(random.nextLong(0, 100_000_000L));
        default -> Duration.ofNanos(random.nextLong(-1_000_000_000L, 1_000_000_000L));
      };
      assertThat(Durations.parse(Durations.format(d)))
          .as("%s via %s (seed %d; replay with -Ddurations.seed=%d)", d, Durations.format(d), seed, seed)
          .isEqualTo(d);
    }
  }
}
