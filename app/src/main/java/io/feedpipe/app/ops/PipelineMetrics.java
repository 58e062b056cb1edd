package io.feedpipe.app.ops;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Removal;
import io.feedpipe.model.Story;
import io.feedpipe.publish.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pipeline's meters: what was polled, fetched, normalized, published and committed, and the
 * state of the feed table. The wiring calls the {@code record*} methods; the gauges read the feed
 * states through the supplier given at construction, on each scrape.
 *
 * <p>As scraped by Prometheus (see {@code docker/README.md} for the meaning of each):
 * {@code feedpipe_polls_total{outcome}}, {@code feedpipe_fetch_duration_seconds} (histogram),
 * {@code feedpipe_fetch_bytes_total}, {@code feedpipe_items_total{result}}, {@code
 * feedpipe_stories_flagged_total{flag}}, {@code feedpipe_boilerplate_removed_total{kind}}, {@code
 * feedpipe_ingest_lag_seconds} (histogram), {@code feedpipe_published_records_total{topic}},
 * {@code feedpipe_transaction_duration_seconds{outcome}} (histogram), {@code
 * feedpipe_dead_letters_total{kind}}, {@code feedpipe_feeds{state}} and {@code
 * feedpipe_feeds_staleness_seconds}.
 *
 * <p>Cardinality is bounded: {@code outcome}, {@code result}, {@code flag}, {@code topic} and
 * {@code state} take the fixed values listed on each method (series for all of them exist from
 * {@link #bindTo} on, at zero); {@code kind} takes the removal kinds of the normalize rules and the
 * dead-letter kinds of the code, never a feed id or URL.
 *
 * <p>Thread-safe: record methods may be called from any number of poll threads. Bind it to one
 * registry, once, before recording; recording before that is a wiring error and throws {@link
 * IllegalStateException}.
 */
public final class PipelineMetrics implements MeterBinder {

  /** Values of the {@code topic} tag of {@code feedpipe_published_records_total}: the topics' roles. */
  public static final List<String> TOPIC_ROLES = Arrays.stream(Topics.Role.values()).map(Topics.Role::label).toList();

  /**
   * Values of the {@code outcome} tag of {@code feedpipe_transaction_duration_seconds}: how the
   * publishing of one poll result ended. A transaction the publisher aborts and retries without a
   * refused story is no outcome of the poll's: the retry commits it.
   */
  public static final List<String> TRANSACTION_OUTCOMES = List.of("committed", "broker_unavailable", "refused", "fenced");

  /** Fetch-duration histogram buckets: 50 ms to 60 s (the fetch deadline is well inside it). */
  static final List<Duration> FETCH_BUCKETS = List.of(
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60));

  /** Ingest-lag histogram buckets: 30 s to 7 days; a new feed's back catalogue lands in +Inf. */
  static final List<Duration> LAG_BUCKETS = List.of(
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
      Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
      Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  /** Transaction-duration histogram buckets: 5 ms to 30 s (the producer's delivery time-out). */
  static final List<Duration> TRANSACTION_BUCKETS = List.of(
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

  /** Values of the {@code state} tag of {@code feedpipe_feeds}. */
  enum FeedCondition {
    ACTIVE, BACKING_OFF, DISABLED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static FeedCondition of(FeedState state) {
      if (state.disabledReason().isPresent()) {
        return DISABLED;
      }
      return state.consecutiveErrors() > 0 ? BACKING_OFF : ACTIVE;
    }
  }

  private final Supplier<? extends Collection<FeedState>> feedStates;
  private final InstantSource clock;
  private final Instant createdAt;
  private volatile Optional<Bound> bound = Optional.empty();

  /**
   * @param feedStates the current state of every configured feed; called on each scrape, from the
   *     scraping thread, so it must be cheap and thread-safe (a snapshot of the scheduler's map)
   * @param clock the clock staleness is measured with; a feed that has never succeeded counts as
   *     stale since this object was created (the service's start)
   */
  public PipelineMetrics(Supplier<? extends Collection<FeedState>> feedStates, InstantSource clock) {
    this.feedStates = requireNonNull(feedStates, "feedStates");
    this.clock = requireNonNull(clock, "clock");
    this.createdAt = clock.instant();
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    if (bound.isPresent()) {
      throw new IllegalStateException("PipelineMetrics is already bound to a registry; bind it once");
    }
    for (FeedCondition condition : FeedCondition.values()) {
      Gauge.builder("feedpipe.feeds", this, m -> m.countFeeds(condition))
          .description("Configured feeds by state: active, backing_off (failed since the last success), disabled")
          .tag("state", condition.label())
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder("feedpipe.feeds.staleness", this, PipelineMetrics::stalenessSeconds)
        .description("Age of the oldest last successful poll among enabled feeds (a feed never polled successfully counts from the service's start)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    bound = Optional.of(new Bound(registry));
  }

  /**
   * Counts one poll by its outcome ({@code ok, not_modified, http_error, network_error,
   * parse_error, refused}), its fetch time, and the body bytes it received (after decoding; 0 for
   * a 304 or a failure before the body).
   */
  public void recordPoll(FeedStatus status, Duration fetchDuration, long bytesFetched) {
    requireNonNull(status, "status");
    requireNonNull(fetchDuration, "fetchDuration");
    if (bytesFetched < 0) {
      throw new IllegalArgumentException("bytesFetched must not be negative, was " + bytesFetched);
    }
    Bound b = bound();
    b.polls.get(status.outcome()).increment();
    b.fetchDuration.record(fetchDuration.isNegative() ? Duration.ZERO : fetchDuration);
    b.fetchBytes.increment(bytesFetched);
  }

  /** Counts a poll's items by result: new stories, changed ones (new revisions), unchanged ones. */
  public void recordItems(int newItems, int updatedItems, int unchangedItems) {
    if (newItems < 0 || updatedItems < 0 || unchangedItems < 0) {
      throw new IllegalArgumentException(
          "item counts must not be negative, were new=" + newItems + " updated=" + updatedItems + " unchanged=" + unchangedItems);
    }
    Bound b = bound();
    b.itemsNew.increment(newItems);
    b.itemsUpdated.increment(updatedItems);
    b.itemsUnchanged.increment(unchangedItems);
  }

  /**
   * Counts what the committed stories carry: provenance flags ({@code auto_generated, unedited,
   * syndicated}), removed boilerplate by kind, and each story's ingest lag ({@code fetchedAt -
   * publishedAt}; stories without a published time are not counted, and a published time in the
   * future counts as no lag). Call it with the stories of a committed transaction only.
   */
  public void recordStories(List<Story> published) {
    requireNonNull(published, "published");
    Bound b = bound();
    for (Story story : published) {
      Provenance p = story.provenance();
      if (p.autoGenerated()) {
        b.flaggedAutoGenerated.increment();
      }
      if (p.unedited()) {
        b.flaggedUnedited.increment();
      }
      if (p.syndicated()) {
        b.flaggedSyndicated.increment();
      }
      for (Removal removal : story.removed()) {
        Counter.builder("feedpipe.boilerplate.removed")
            .description("Pieces of boilerplate removed from published stories, by kind")
            .tag("kind", tagValue(removal.kind()))
            .register(b.registry)
            .increment();
      }
      story.publishedAt().ifPresent(publishedAt -> {
        Duration lag = Duration.between(publishedAt, story.fetchedAt());
        b.ingestLag.record(lag.isNegative() ? Duration.ZERO : lag);
      });
    }
  }

  /**
   * Counts records a committed transaction wrote to one topic; {@code topicRole} is one of {@link
   * #TOPIC_ROLES}.
   */
  public void recordPublished(String topicRole, int records) {
    requireNonNull(topicRole, "topicRole");
    Counter counter = bound().published.get(topicRole);
    if (counter == null) {
      throw new IllegalArgumentException("Unknown topic role '" + topicRole + "': must be one of " + TOPIC_ROLES);
    }
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative, was " + records);
    }
    counter.increment(records);
  }

  /**
   * Times one Kafka transaction by how it ended; {@code outcome} is one of {@link
   * #TRANSACTION_OUTCOMES}.
   */
  public void recordTransaction(Duration duration, String outcome) {
    requireNonNull(duration, "duration");
    requireNonNull(outcome, "outcome");
    Timer timer = bound().transactions.get(outcome);
    if (timer == null) {
      throw new IllegalArgumentException(
          "Unknown transaction outcome '" + outcome + "': must be one of " + TRANSACTION_OUTCOMES);
    }
    timer.record(duration.isNegative() ? Duration.ZERO : duration);
  }

  /** Counts one dead letter by its kind ({@code format}, {@code xml}, {@code charset}, {@code oversized-story}, {@code kafka-record-too-large}, …). */
  public void recordDeadLetter(String kind) {
    requireNonNull(kind, "kind");
    Counter.builder("feedpipe.dead.letters")
        .description("Items or feeds sent to the dead-letter topic, by kind")
        .tag("kind", tagValue(kind))
        .register(bound().registry)
        .increment();
  }

  private double countFeeds(FeedCondition condition) {
    return feedStates.get().stream().filter(s -> FeedCondition.of(s) == condition).count();
  }

  private double stalenessSeconds() {
    Instant now = clock.instant();
    Optional<Instant> oldest = feedStates.get().stream()
        .filter(s -> s.disabledReason().isEmpty())
        .map(s -> s.lastSuccessAt().orElse(createdAt))
        .min(Instant::compareTo);
    return oldest.map(t -> Math.max(0, Duration.between(t, now).toMillis()) / 1000.0).orElse(0.0);
  }

  private Bound bound() {
    return bound.orElseThrow(
        () -> new IllegalStateException("PipelineMetrics is not bound to a registry: call bindTo(registry) at start"));
  }

  /** A blank kind becomes {@code unknown}, so that a rule without a kind still shows. */
  private static String tagValue(String kind) {
    return kind.isBlank() ? "unknown" : kind;
  }

  /** The meters with fixed tags, registered once at bind time so their series start at zero. */
  private static final class Bound {
    final MeterRegistry registry;
    final Map<PollOutcome, Counter> polls = new EnumMap<>(PollOutcome.class);
    final Timer fetchDuration;
    final Counter fetchBytes;
    final Counter itemsNew;
    final Counter itemsUpdated;
    final Counter itemsUnchanged;
    final Counter flaggedAutoGenerated;
    final Counter flaggedUnedited;
    final Counter flaggedSyndicated;
    final Timer ingestLag;
    final Map<String, Counter> published;
    final Map<String, Timer> transactions;

    Bound(MeterRegistry registry) {
      this.registry = registry;
      for (PollOutcome outcome : PollOutcome.values()) {
        polls.put(outcome, Counter.builder("feedpipe.polls")
            .description("Feed polls by outcome")
            .tag("outcome", outcome.label())
            .register(registry));
      }
      fetchDuration = Timer.builder("feedpipe.fetch.duration")
          .description("Time to fetch a feed, from request to the last body byte")
          .serviceLevelObjectives(FETCH_BUCKETS.toArray(Duration[]::new))
          .register(registry);
      fetchBytes = Counter.builder("feedpipe.fetch")
          .description("Feed body bytes received, after content decoding")
          .baseUnit(BaseUnits.BYTES)
          .register(registry);
      itemsNew = items(registry, "new");
      itemsUpdated = items(registry, "updated");
      itemsUnchanged = items(registry, "unchanged");
      flaggedAutoGenerated = flagged(registry, "auto_generated");
      flaggedUnedited = flagged(registry, "unedited");
      flaggedSyndicated = flagged(registry, "syndicated");
      ingestLag = Timer.builder("feedpipe.ingest.lag")
          .description("Time from a story's published time to its fetch, for published stories")
          .serviceLevelObjectives(LAG_BUCKETS.toArray(Duration[]::new))
          .register(registry);
      published = Map.copyOf(TOPIC_ROLES.stream().collect(Collectors.toMap(
          role -> role,
          role -> Counter.builder("feedpipe.published")
              .description("Records written by committed transactions, by topic role")
              .baseUnit("records")
              .tag("topic", role)
              .register(registry))));
      transactions = Map.copyOf(TRANSACTION_OUTCOMES.stream().collect(Collectors.toMap(
          outcome -> outcome,
          outcome -> Timer.builder("feedpipe.transaction.duration")
              .description("Kafka transactions (one per poll with something to write) by outcome")
              .tag("outcome", outcome)
              .serviceLevelObjectives(TRANSACTION_BUCKETS.toArray(Duration[]::new))
              .register(registry))));
    }

    private static Counter items(MeterRegistry registry, String result) {
      return Counter.builder("feedpipe.items")
          .description("Feed items seen by polls, by result: new story, updated (new revision), unchanged")
          .tag("result", result)
          .register(registry);
    }

    private static Counter flagged(MeterRegistry registry, String flag) {
      return Counter.builder("feedpipe.stories.flagged")
          .description("Published stories carrying a provenance flag, by flag")
          .tag("flag", flag)
          .register(registry);
    }
  }
}
