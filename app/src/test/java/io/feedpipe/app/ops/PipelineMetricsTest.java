package io.feedpipe.app.ops;

import static io.feedpipe.app.ops.TestFeeds.state;
import static io.feedpipe.app.ops.TestFeeds.status;
import static io.feedpipe.app.ops.TestFeeds.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Removal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final InstantSource clock = now::get;
  private final List<FeedState> feeds = new CopyOnWriteArrayList<>();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(() -> feeds, clock);

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  /** The scrape's sample lines (no comments), as "name{labels} value". */
  private List<String> samples() {
    return Arrays.stream(registry.scrape().split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  /** The distinct series names of the scrape. */
  private List<String> seriesNames() {
    return samples().stream().map(l -> l.split("[{ ]")[0]).distinct().sorted().toList();
  }

  @Test
  void bindingExposesEveryPipelineSeriesWithPrometheusNamesAtZero() {
    metrics.bindTo(registry);

    assertThat(seriesNames()).containsExactly(
        "feedpipe_feeds",
        "feedpipe_feeds_staleness_seconds",
        "feedpipe_fetch_bytes_total",
        "feedpipe_fetch_duration_seconds_bucket",
        "feedpipe_fetch_duration_seconds_count",
        "feedpipe_fetch_duration_seconds_max",
        "feedpipe_fetch_duration_seconds_sum",
        "feedpipe_ingest_lag_seconds_bucket",
        "feedpipe_ingest_lag_seconds_count",
        "feedpipe_ingest_lag_seconds_max",
        "feedpipe_ingest_lag_seconds_sum",
        "feedpipe_items_total",
        "feedpipe_polls_total",
        "feedpipe_published_records_total",
        "feedpipe_stories_flagged_total",
        "feedpipe_transaction_duration_seconds_bucket",
        "feedpipe_transaction_duration_seconds_count",
        "feedpipe_transaction_duration_seconds_max",
        "feedpipe_transaction_duration_seconds_sum");
    assertThat(samples()).contains(
        "feedpipe_polls_total{outcome=\"ok\"} 0.0",
        "feedpipe_polls_total{outcome=\"not_modified\"} 0.0",
        "feedpipe_polls_total{outcome=\"http_error\"} 0.0",
        "feedpipe_polls_total{outcome=\"network_error\"} 0.0",
        "feedpipe_polls_total{outcome=\"parse_error\"} 0.0",
        "feedpipe_polls_total{outcome=\"refused\"} 0.0",
        "feedpipe_items_total{result=\"new\"} 0.0",
        "feedpipe_items_total{result=\"updated\"} 0.0",
        "feedpipe_items_total{result=\"unchanged\"} 0.0",
        "feedpipe_published_records_total{topic=\"stories\"} 0.0",
        "feedpipe_published_records_total{topic=\"flagged\"} 0.0",
        "feedpipe_published_records_total{topic=\"feed-status\"} 0.0",
        "feedpipe_published_records_total{topic=\"dead-letters\"} 0.0",
        "feedpipe_published_records_total{topic=\"feed-state\"} 0.0",
        "feedpipe_stories_flagged_total{flag=\"auto_generated\"} 0.0",
        "feedpipe_stories_flagged_total{flag=\"unedited\"} 0.0",
        "feedpipe_stories_flagged_total{flag=\"syndicated\"} 0.0",
        "feedpipe_transaction_duration_seconds_count{outcome=\"committed\"} 0",
        "feedpipe_transaction_duration_seconds_count{outcome=\"broker_unavailable\"} 0",
        "feedpipe_transaction_duration_seconds_count{outcome=\"refused\"} 0",
        "feedpipe_transaction_duration_seconds_count{outcome=\"fenced\"} 0",
        "feedpipe_feeds{state=\"active\"} 0.0",
        "feedpipe_feeds{state=\"backing_off\"} 0.0",
        "feedpipe_feeds{state=\"disabled\"} 0.0");
  }

  @Test
  void pollIsCountedByOutcomeWithItsDurationInABucketAndItsBytes() {
    metrics.bindTo(registry);

    metrics.recordPoll(status(PollOutcome.OK), Duration.ofMillis(180), 12_345);
    metrics.recordPoll(status(PollOutcome.NOT_MODIFIED), Duration.ofMillis(40), 0);
    metrics.recordPoll(status(PollOutcome.NETWORK_ERROR), Duration.ofSeconds(12), 0);

    assertThat(samples()).contains(
        "feedpipe_polls_total{outcome=\"ok\"} 1.0",
        "feedpipe_polls_total{outcome=\"not_modified\"} 1.0",
        "feedpipe_polls_total{outcome=\"network_error\"} 1.0",
        "feedpipe_polls_total{outcome=\"http_error\"} 0.0",
        "feedpipe_fetch_bytes_total 12345.0",
        "feedpipe_fetch_duration_seconds_bucket{le=\"0.05\"} 1",
        "feedpipe_fetch_duration_seconds_bucket{le=\"0.25\"} 2",
        "feedpipe_fetch_duration_seconds_bucket{le=\"10.0\"} 2",
        "feedpipe_fetch_duration_seconds_bucket{le=\"30.0\"} 3",
        "feedpipe_fetch_duration_seconds_bucket{le=\"+Inf\"} 3",
        "feedpipe_fetch_duration_seconds_count 3",
        "feedpipe_fetch_duration_seconds_sum 12.22");
  }

  @Test
  void itemsAreCountedByResult() {
    metrics.bindTo(registry);

    metrics.recordItems(3, 1, 20);
    metrics.recordItems(0, 2, 5);

    assertThat(samples()).contains(
        "feedpipe_items_total{result=\"new\"} 3.0",
        "feedpipe_items_total{result=\"updated\"} 3.0",
        "feedpipe_items_total{result=\"unchanged\"} 25.0");
  }

  @Test
  void publishedStoriesAreCountedByFlagAndRemovalKindWithTheirIngestLag() {
    metrics.bindTo(registry);
    Instant fetchedAt = Instant.parse("2026-11-28T12:00:00Z");
    var autoUnedited = new Provenance(true, true, true, List.of("ANI"), List.of(), List.of(new io.feedpipe.model.Evidence("notice", "unedited")));
    var removed = List.of(
        new Removal("related-link", "also-read", "Also Read | Queen Elizabeth II Funeral"),
        new Removal("related-link", "also-read", "Also Read | Another"),
        new Removal("notice", "latestly-notice", "(This is an unedited and auto-generated story …)"));

    metrics.recordStories(List.of(
        story(autoUnedited, removed, Optional.of(fetchedAt.minus(Duration.ofMinutes(10))), fetchedAt),
        story(Provenance.none(), List.of(), Optional.of(fetchedAt.minus(Duration.ofDays(2))), fetchedAt),
        story(Provenance.none(), List.of(), Optional.of(fetchedAt.plus(Duration.ofHours(1))), fetchedAt),
        story(Provenance.none(), List.of(), Optional.empty(), fetchedAt)));

    assertThat(samples()).contains(
        "feedpipe_stories_flagged_total{flag=\"auto_generated\"} 1.0",
        "feedpipe_stories_flagged_total{flag=\"unedited\"} 1.0",
        "feedpipe_stories_flagged_total{flag=\"syndicated\"} 1.0",
        "feedpipe_boilerplate_removed_total{kind=\"related-link\"} 2.0",
        "feedpipe_boilerplate_removed_total{kind=\"notice\"} 1.0",
        // the future-dated story counts as no lag, the undated one is not counted
        "feedpipe_ingest_lag_seconds_bucket{le=\"30.0\"} 1",
        "feedpipe_ingest_lag_seconds_bucket{le=\"900.0\"} 2",
        "feedpipe_ingest_lag_seconds_bucket{le=\"86400.0\"} 2",
        "feedpipe_ingest_lag_seconds_bucket{le=\"259200.0\"} 3",
        "feedpipe_ingest_lag_seconds_count 3");
  }

  @Test
  void publishedRecordsAreCountedByTopicRoleAndUnknownRolesAreRefused() {
    metrics.bindTo(registry);

    metrics.recordPublished("stories", 7);
    metrics.recordPublished("flagged", 2);
    metrics.recordPublished("feed-state", 1);

    assertThat(samples()).contains(
        "feedpipe_published_records_total{topic=\"stories\"} 7.0",
        "feedpipe_published_records_total{topic=\"flagged\"} 2.0",
        "feedpipe_published_records_total{topic=\"feed-state\"} 1.0");
    assertThatThrownBy(() -> metrics.recordPublished("feedpipe.stories", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'feedpipe.stories'")
        .hasMessageContaining("[stories, flagged, feed-status, dead-letters, feed-state]");
  }

  @Test
  void transactionsAreTimedByOutcomeAndUnknownOutcomesAreRefused() {
    metrics.bindTo(registry);

    metrics.recordTransaction(Duration.ofMillis(20), "committed");
    metrics.recordTransaction(Duration.ofMillis(30), "committed");
    metrics.recordTransaction(Duration.ofSeconds(30), "broker_unavailable");

    assertThat(samples()).contains(
        "feedpipe_transaction_duration_seconds_count{outcome=\"committed\"} 2",
        "feedpipe_transaction_duration_seconds_bucket{outcome=\"committed\",le=\"0.025\"} 1",
        "feedpipe_transaction_duration_seconds_count{outcome=\"broker_unavailable\"} 1",
        "feedpipe_transaction_duration_seconds_count{outcome=\"fenced\"} 0");
    assertThat(samples()).as("#18: no series for an outcome nothing records")
        .noneMatch(l -> l.contains("outcome=\"aborted\""));
    assertThatThrownBy(() -> metrics.recordTransaction(Duration.ZERO, "timeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'timeout'")
        .hasMessageContaining("committed, broker_unavailable, refused, fenced");
  }

  @Test
  void deadLettersAreCountedByKind() {
    metrics.bindTo(registry);

    metrics.recordDeadLetter("parse-error");
    metrics.recordDeadLetter("parse-error");
    metrics.recordDeadLetter("oversized-story");

    assertThat(samples()).contains(
        "feedpipe_dead_letters_total{kind=\"parse-error\"} 2.0",
        "feedpipe_dead_letters_total{kind=\"oversized-story\"} 1.0");
  }

  @Test
  void feedsAreCountedByStateFromTheCurrentFeedStatesOnEachScrape() {
    metrics.bindTo(registry);
    feeds.addAll(List.of(
        state("a", 0, Optional.of(START), Optional.empty()),
        state("b", 0, Optional.of(START), Optional.empty()),
        state("c", 3, Optional.of(START), Optional.empty()),
        state("d", 5, Optional.empty(), Optional.of("410 Gone"))));

    assertThat(samples()).contains(
        "feedpipe_feeds{state=\"active\"} 2.0",
        "feedpipe_feeds{state=\"backing_off\"} 1.0",
        "feedpipe_feeds{state=\"disabled\"} 1.0");

    feeds.remove(3);
    assertThat(samples()).contains("feedpipe_feeds{state=\"disabled\"} 0.0");
  }

  @Test
  void stalenessIsTheAgeOfTheOldestSuccessAmongEnabledFeeds() {
    metrics.bindTo(registry);
    feeds.addAll(List.of(
        state("fresh", 0, Optional.of(START.plusSeconds(500)), Optional.empty()),
        state("old", 2, Optional.of(START.plusSeconds(100)), Optional.empty()),
        state("gone", 9, Optional.of(START.minus(Duration.ofDays(30))), Optional.of("410 Gone"))));
    now.set(START.plusSeconds(700));

    assertThat(samples()).contains("feedpipe_feeds_staleness_seconds 600.0");
  }

  @Test
  void aFeedThatNeverSucceededIsStaleSinceTheServiceStarted() {
    metrics.bindTo(registry);
    feeds.addAll(new ArrayList<>(List.of(
        state("fresh", 0, Optional.of(START.plusSeconds(3500)), Optional.empty()),
        state("never", 4, Optional.empty(), Optional.empty()))));
    now.set(START.plusSeconds(3600));

    assertThat(samples()).contains("feedpipe_feeds_staleness_seconds 3600.0");
  }

  @Test
  void recordingBeforeBindingIsAWiringErrorThatSaysWhatToDo() {
    assertThatThrownBy(() -> metrics.recordItems(1, 0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bindTo(registry)");
  }
}
