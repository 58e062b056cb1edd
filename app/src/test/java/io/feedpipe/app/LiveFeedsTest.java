package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.publish.FeedsTopic;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which feeds the service polls as the feeds topic changes, without a broker (the topic's reads are given). */
class LiveFeedsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final LiveFeedsSettings SETTINGS = new LiveFeedsSettings(Duration.ofMillis(100), Duration.ofDays(7));
  private final FeedDefinition a = feed("a", "https://a.example/rss");
  private final FeedDefinition b = feed("b", "https://b.example/rss");
  private final FeedDefinition sample = feed("sample", "file:///data/sample/sample-feed.xml");

  /** Reads: each call returns the next queued batch, or nothing new. */
  private final ConcurrentLinkedQueue<FeedsTopic.Changes> topic = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Recorder target = new Recorder();

  @Test
  void theFileAndTheTopicArePolledTogetherAndTheSampleOnlyWhenNeitherGivesAFeed() {
    topic.add(changes(put(b)));
    try (LiveFeeds both = open(List.of(a))) {
      assertThat(both.current()).containsExactly(a, b);
    }
    topic.add(changes(put(b), remove("b", T0)));
    try (LiveFeeds none = open(List.of())) {
      assertThat(none.current()).containsExactly(sample);
    }
    topic.add(changes(put(b)));
    try (LiveFeeds topicOnly = open(List.of())) {
      assertThat(topicOnly.current()).containsExactly(b);
    }
  }

  @Test
  void theFilesDefinitionOfAnIdWinsOverTheTopics() {
    FeedDefinition topicA = feed("a", "https://elsewhere.example/rss");
    topic.add(changes(put(topicA)));
    try (LiveFeeds feeds = open(List.of(a))) {
      feeds.watch(target);
      topic.add(changes(remove("a", T0)));
      topic.add(changes(put(b))); // read after the removal: once it is seen, the removal was applied

      await().atMost(Duration.ofSeconds(5)).until(() -> !target.events.isEmpty());
      // neither the topic's definition of a nor its removal touched the file's feed
      assertThat(target.events).containsExactly("put " + b);
      assertThat(feeds.current()).containsExactly(a, b);
    }
  }

  @Test
  void addedChangedAndRemovedFeedsReachTheSchedulerInOrder() {
    try (LiveFeeds feeds = open(List.of(a))) {
      feeds.watch(target);
      FeedDefinition renamed = new FeedDefinition("b", b.url(), Optional.of("B"), List.of(), Optional.empty(), Map.of());

      topic.add(changes(put(b)));
      await().atMost(Duration.ofSeconds(5)).until(() -> target.events.size() == 1);
      topic.add(changes(put(b), put(renamed))); // b again, unchanged, then renamed
      await().atMost(Duration.ofSeconds(5)).until(() -> target.events.size() == 2);
      topic.add(changes(remove("b", T0)));
      await().atMost(Duration.ofSeconds(5)).until(() -> target.events.size() == 3);

      assertThat(target.events).containsExactly("put " + b, "put " + renamed, "remove b");
      assertThat(feeds.current()).containsExactly(a);
    }
  }

  @Test
  void aRemovedFeedsStateIsForgottenOnlyOnceItsGraceHasPassedAndNotIfItCameBack() {
    target.withState.addAll(Set.of("b", "c"));
    FeedDefinition c = feed("c", "https://c.example/rss");
    topic.add(changes(put(b), put(c)));
    try (LiveFeeds feeds = open(List.of())) {
      feeds.watch(target);
      topic.add(changes(remove("b", T0), remove("c", T0)));
      await().atMost(Duration.ofSeconds(5)).until(() -> target.events.size() == 2);
      topic.add(changes(put(c))); // c comes back within its grace
      await().atMost(Duration.ofSeconds(5)).until(() -> target.events.size() == 3);
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> target.forgotten.isEmpty());

      now.set(T0.plus(Duration.ofDays(7)));

      await().atMost(Duration.ofSeconds(5)).until(() -> target.forgotten.contains("b"));
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> target.forgotten.equals(List.of("b")));
    }
  }

  @Test
  void aRemovalReadAtStartIsForgottenWhenItsGraceHasPassed() {
    target.withState.add("gone");
    topic.add(changes(put(feed("gone", "https://gone.example/rss")), remove("gone", T0.minus(Duration.ofDays(8)))));
    try (LiveFeeds feeds = open(List.of(a))) {
      feeds.watch(target);

      await().atMost(Duration.ofSeconds(5)).until(() -> target.forgotten.contains("gone"));
      assertThat(feeds.current()).containsExactly(a);
    }
  }

  @Test
  void aTopicThatCannotBeReadAtStartStopsTheStartWithWhy() {
    assertThatThrownBy(() -> LiveFeeds.open(List.of(a), () -> sample, within -> {
      throw new TimeoutException("no leader");
    }, SETTINGS, Duration.ofSeconds(1), InstantSource.system()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read the feeds topic within 1s: no leader");
  }

  private LiveFeeds open(List<FeedDefinition> configured) {
    return LiveFeeds.open(configured, () -> sample, within -> {
      FeedsTopic.Changes next = topic.poll();
      return next == null ? new FeedsTopic.Changes(List.of(), List.of()) : next;
    }, SETTINGS, Duration.ofSeconds(1), now::get);
  }

  private static FeedDefinition feed(String id, String url) {
    return new FeedDefinition(id, URI.create(url), Optional.empty(), List.of(), Optional.empty(), Map.of());
  }

  private static FeedsTopic.Change put(FeedDefinition feed) {
    return new FeedsTopic.Change(feed.id(), Optional.of(feed), T0);
  }

  private static FeedsTopic.Change remove(String id, Instant at) {
    return new FeedsTopic.Change(id, Optional.empty(), at);
  }

  private static FeedsTopic.Changes changes(FeedsTopic.Change... changes) {
    return new FeedsTopic.Changes(List.of(changes), List.of());
  }

  private static final class Recorder implements LiveFeeds.Target {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> forgotten = new CopyOnWriteArrayList<>();
    final Set<String> withState = ConcurrentHashMap.newKeySet();

    @Override
    public void put(FeedDefinition feed) {
      events.add("put " + feed);
    }

    @Override
    public void remove(String feedId) {
      events.add("remove " + feedId);
    }

    @Override
    public boolean hasState(String feedId) {
      return withState.contains(feedId);
    }

    @Override
    public void forget(String feedId) {
      forgotten.add(feedId);
      withState.remove(feedId);
    }
  }
}
