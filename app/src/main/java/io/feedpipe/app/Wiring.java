package io.feedpipe.app;

import static io.feedpipe.app.config.Settings.*;

import io.feedpipe.app.config.ConfigException;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.ops.FeedStatusView;
import io.feedpipe.app.ops.Health;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.ingest.ParseSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.normalize.NormalizeRules;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Readiness;
import io.feedpipe.publish.StoryPublisher;
import io.feedpipe.publish.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns the resolved settings into each module's settings record. The records validate themselves;
 * a rule they enforce across keys (say {@code schedule.minInterval} ≤ {@code schedule.maxInterval})
 * surfaces here as a {@link ConfigException} naming the key.
 */
final class Wiring {
  private Wiring() {}

  static PublishSettings publishSettings(ResolvedSettings s, String bootstrapServers) {
    return build(() -> new PublishSettings(
        bootstrapServers,
        s.string(TOPICS_PREFIX),
        s.string(KAFKA_TRANSACTIONAL_ID),
        s.integer(TOPICS_PARTITIONS),
        (short) s.integer(TOPICS_REPLICATION),
        s.duration(KAFKA_MAX_BLOCK),
        s.producerOverrides(),
        (short) s.integer(TOPICS_MIN_ISR),
        s.duration(KAFKA_TRANSACTION_TIMEOUT),
        (int) Math.min(Integer.MAX_VALUE, s.size(PUBLISH_MAX_STORY)),
        s.duration(PUBLISH_SEEN_RETENTION),
        s.integer(PUBLISH_MAX_SEEN),
        s.duration(PUBLISH_START_TIMEOUT),
        s.integer(PUBLISH_MAX_POLLS_PER_TX),
        s.integer(PUBLISH_MAX_QUEUED)));
  }

  static IngestSettings ingestSettings(ResolvedSettings s) {
    return build(() -> new IngestSettings(fetchSettings(s), scheduleSettings(s), parseSettings(s)));
  }

  static ScheduleSettings scheduleSettings(ResolvedSettings s) {
    return build(() -> new ScheduleSettings(
        s.duration(SCHEDULE_INTERVAL),
        s.duration(SCHEDULE_MIN),
        s.duration(SCHEDULE_MAX),
        s.duration(SCHEDULE_MAX_BACKOFF),
        s.duration(SCHEDULE_MAX_RETRY_AFTER),
        s.fraction(SCHEDULE_JITTER),
        s.bool(SCHEDULE_ADAPTIVE),
        s.integer(SCHEDULE_CONCURRENCY),
        s.duration(SCHEDULE_SHUTDOWN),
        s.integer(SCHEDULE_PER_HOST)));
  }

  private static FetchSettings fetchSettings(ResolvedSettings s) {
    return new FetchSettings(
        s.string(FETCH_USER_AGENT),
        s.optionalString(FETCH_CONTACT),
        s.duration(FETCH_CONNECT_TIMEOUT),
        s.duration(FETCH_READ_TIMEOUT),
        s.duration(FETCH_CALL_TIMEOUT),
        s.size(FETCH_MAX_BODY),
        s.integer(FETCH_MAX_REDIRECTS),
        s.list(FETCH_ALLOWED),
        s.integer(FETCH_PER_HOST),
        s.duration(FETCH_PER_HOST_GAP),
        s.integer(FETCH_DEAD_LETTER_HEAD));
  }

  private static ParseSettings parseSettings(ResolvedSettings s) {
    Map<String, String> zones = new HashMap<>(ParseSettings.DEFAULT_ZONE_ABBREVIATIONS);
    zones.putAll(s.map(PARSE_ZONES));
    return new ParseSettings(zones, s.duration(PARSE_FUTURE), s.integer(PARSE_MAX_ITEMS));
  }

  static OpsServerSettings opsSettings(ResolvedSettings s) {
    return build(() -> new OpsServerSettings(s.string(HTTP_HOST), s.integer(HTTP_PORT), s.string(HTTP_METRICS_PATH)));
  }

  /** The bundled rules, extended by {@code normalize.rulesFile} when set. */
  static Normalizer normalizer(ResolvedSettings s) {
    NormalizeRules rules = NormalizeRules.defaults();
    Optional<String> file = s.optionalString(NORMALIZE_RULES);
    if (file.isPresent()) {
      Path path = Path.of(file.get());
      try {
        rules = rules.extendedWith(NormalizeRules.parse(Files.readString(path), path.toString()));
      } catch (IOException e) {
        throw new ConfigException(List.of("Cannot read normalize.rulesFile " + path + ": " + e));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(List.of("Invalid normalize.rulesFile " + path + ": " + e.getMessage()));
      }
    }
    return Normalizer.withRules(rules);
  }

  /** Ready when the publisher (started only after restoring feed state) can commit. */
  static Health health(@Nullable StoryPublisher publisher) {
    if (publisher == null) {
      return new Health(false, Map.of("kafka", "starting: connecting to Kafka and restoring the feed state"));
    }
    Readiness r = publisher.readiness();
    return r.ready() ? Health.up() : new Health(false, Map.of("kafka", r.reason()));
  }

  /** The state of every configured feed: as restored or last committed, else that of a feed never polled. */
  static List<FeedState> statesOf(List<FeedDefinition> feeds, @Nullable StoryPublisher publisher) {
    return feeds.stream()
        .map(f -> Optional.ofNullable(publisher).flatMap(p -> p.state(f.id()))
            .orElseGet(() -> FeedState.initial(f.id(), f.url())))
        .toList();
  }

  static List<FeedStatusView> feedViews(List<FeedState> states, Collection<FeedStatus> lastStatuses) {
    Map<String, FeedStatus> statusById = lastStatuses.stream()
        .collect(Collectors.toMap(FeedStatus::feedId, Function.identity(), (a, b) -> b));
    return states.stream()
        .map(state -> FeedStatusView.of(state, Optional.ofNullable(statusById.get(state.feedId()))))
        .toList();
  }

  /** The metrics role of a topic name: {@code stories}, {@code flagged}, {@code feed-status}, {@code dead-letters}, {@code feed-state}. */
  static String topicRole(Topics topics, String topic) {
    if (topic.equals(topics.stories())) {
      return "stories";
    } else if (topic.equals(topics.flagged())) {
      return "flagged";
    } else if (topic.equals(topics.feedStatus())) {
      return "feed-status";
    } else if (topic.equals(topics.deadLetters())) {
      return "dead-letters";
    }
    return "feed-state";
  }

  private static <T> T build(Supplier<T> settings) {
    try {
      return settings.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
  }
}
