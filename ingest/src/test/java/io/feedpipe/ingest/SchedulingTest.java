package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SchedulingTest {
  private static final SettingValues NO_JITTER_VALUES = Feeds.loopbackValues()
      .with(ScheduleSettings.JITTER, 0.0).with(ScheduleSettings.GLOBAL_CONCURRENCY, 8);
  private static final ScheduleSettings NO_JITTER = ScheduleSettings.from(NO_JITTER_VALUES);
  private static final NextPoll NEXT = new NextPoll(NO_JITTER, RandomGenerator.getDefault());
  private static final Instant T = Instant.parse("2024-01-15T06:00:00Z");

  @Test
  void aFeedPublishingHourlyIsPolledHourlyAndOneBurstingEveryMinuteAsOftenAsAllowed() {
    List<Instant> hourly = List.of(T, T.minusSeconds(3600), T.minusSeconds(7200), T.minusSeconds(10800));
    List<Instant> burst = List.of(T, T.minusSeconds(20), T.minusSeconds(40), T.minusSeconds(60));

    assertThat(NEXT.healthy(Optional.empty(), hourly, false, List.of())).isEqualTo(Duration.ofHours(1));
    assertThat(NEXT.healthy(Optional.empty(), burst, false, List.of())).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anIntervalSetForTheFeedIsNotOverriddenByTheAdaptiveRule() {
    List<Instant> hourly = List.of(T, T.minusSeconds(3600), T.minusSeconds(7200));
    assertThat(NEXT.healthy(Optional.of(Duration.ofMinutes(10)), hourly, false, List.of())).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void lowerBoundsRaiseTheIntervalButNeverPastTheMaximum() {
    assertThat(NEXT.healthy(Optional.empty(), List.of(), false, List.of(Duration.ofMinutes(30)))).isEqualTo(Duration.ofMinutes(30));
    assertThat(NEXT.healthy(Optional.empty(), List.of(), false, List.of(Duration.ofDays(1)))).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void everyItemNewHalvesTheInterval() {
    assertThat(NEXT.healthy(Optional.empty(), List.of(), true, List.of())).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void jitterStaysWithinItsFraction() {
    NextPoll jittery = new NextPoll(ScheduleSettings.defaults(), RandomGenerator.getDefault());
    for (int i = 0; i < 200; i++) {
      assertThat(jittery.healthy(Optional.empty(), List.of(), false, List.of()))
          .isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
    }
  }

  @Test
  void retryAfterLongerThanTheCapIsCut() {
    assertThat(NEXT.failing(Optional.empty(), 1, Optional.of(Duration.ofDays(30)))).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void whenEveryItemOfAPollIsNewTheIntervalShrinksAndTheMetricCounts() throws Exception {
    String[] body = {Feeds.RSS.replace("<ttl>15</ttl>", "")};
    try (LocalServer server = new LocalServer();
        FeedIngestor ingestor = FeedIngestor.create(
            IngestSettings.from(NO_JITTER_VALUES), InstantSource.fixed(T))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      ingestor.metrics().bindTo(registry);
      server.route("/rss", ex -> LocalServer.send(ex, 200, "application/rss+xml", body[0]));
      FeedDefinition feed = Feeds.feed(server.url("/rss"));
      IngestResult first = ingestor.poll(feed, Feeds.initial(feed));
      body[0] = body[0].replace("story-1", "story-3").replace("https://news.example/second", "https://news.example/fourth");

      IngestResult second = ingestor.poll(feed, first.nextState());

      Duration firstInterval = Duration.between(T, first.nextState().nextDueAt().orElseThrow());
      Duration secondInterval = Duration.between(T, second.nextState().nextDueAt().orElseThrow());
      assertThat(secondInterval).isEqualTo(firstInterval.dividedBy(2).compareTo(Duration.ofMinutes(1)) < 0
          ? Duration.ofMinutes(1) : firstInterval.dividedBy(2));
      assertThat(registry.counter("feedpipe.ingest.all.items.new").count()).isEqualTo(1.0);
    }
  }

  @Test
  void settingsNameTheKeyTheValueAndTheRule() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScheduleSettings.from(SettingValues.defaults()
            .with(ScheduleSettings.DEFAULT_INTERVAL, Duration.ofSeconds(-5))))
        .hasMessage("Invalid value PT-5S for configuration schedule.defaultInterval: must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FetchSettings.from(SettingValues.defaults()
            .with(FetchSettings.MAX_BODY_BYTES, 0L)))
        .hasMessage("Invalid value 0 for configuration fetch.maxBodyBytes: must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScheduleSettings.from(SettingValues.defaults()
            .with(ScheduleSettings.MIN_INTERVAL, Duration.ofHours(3))))
        .hasMessageContaining("schedule.minInterval").hasMessageContaining("must not exceed schedule.maxInterval");
  }
}
