package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Story;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoryPublisherTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger instances = new AtomicInteger();
  private static final Instant T0 = SyntheticFeeds.EPOCH;

  private final String prefix = "t" + instances.incrementAndGet();
  private final Topics topics = new Topics(prefix);

  private PublishSettings settings() {
    return TestSettings.settings(kafka.bootstrapServers(), prefix, 2, Duration.ofSeconds(5));
  }

  @Test
  void startCreatesEveryTopicWithTheStateAndStatusTopicsCompacted() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings());
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).containsAll(topics.all());
      for (String topic : topics.all()) {
        ConfigEntry policy = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
            .all().get().values().iterator().next().get("cleanup.policy");
        assertThat(policy.value()).as(topic).isEqualTo(topics.compacted(topic) ? "compact" : "delete");
      }
      assertThat(publisher.readiness()).isEqualTo(new Readiness(true, "ok"));
    }
  }

  @Test // #19: after a restart /feeds showed outcome null for a feed polled OK
  void aRestartedPublisherKnowsEachFeedsLastStatus() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 2, 1), T0));
    }

    try (StoryPublisher restarted = StoryPublisher.start(settings())) {
      assertThat(restarted.restoredStatuses()).containsOnlyKeys(SyntheticFeeds.feedId(1));
      assertThat(restarted.restoredStatuses().get(SyntheticFeeds.feedId(1)).outcome())
          .isEqualTo(io.feedpipe.model.PollOutcome.OK);
      assertThat(restarted.restoredStatuses().get(SyntheticFeeds.feedId(1)).storiesPublished()).isEqualTo(2);
    }
  }

  @Test
  void newStoriesArePublishedOnceWithCloudEventsHeadersAndFlaggedCopies() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      PublishReceipt receipt = publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 20, 1), T0));

      assertThat(receipt.newStories()).isEqualTo(20);
      assertThat(receipt.recordsByTopic()).containsEntry(topics.stories(), 20).containsEntry(topics.flagged(), 2)
          .containsEntry(topics.feedStatus(), 1).containsEntry(topics.feedState(), 1);
    }
    List<ConsumerRecord<String, byte[]>> events = TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories());
    assertThat(events).hasSize(20);
    ConsumerRecord<String, byte[]> first = events.stream().filter(r -> r.key().equals("feed-1-0")).findFirst().orElseThrow();
    assertThat(TopicReader.header(first, "ce_specversion")).isEqualTo("1.0");
    assertThat(TopicReader.header(first, "ce_id")).isEqualTo("feed-1-0:1");
    assertThat(TopicReader.header(first, "ce_type")).isEqualTo(PollPlanner.TYPE_CREATED);
    assertThat(TopicReader.header(first, "ce_source")).isEqualTo(SyntheticFeeds.feedUrl(1).toString());
    assertThat(TopicReader.header(first, "ce_time")).isEqualTo("2026-11-28T00:00:00Z");
    assertThat(TopicReader.header(first, "content-type")).isEqualTo("application/json");
    assertThat(first.value()).isEqualTo(StoryEvents.encode(SyntheticFeeds.story(1, 0, 1, T0), 1));
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.flagged()))
        .extracting(ConsumerRecord::key).containsExactlyInAnyOrder("feed-1-0", "feed-1-10");
  }

  @Test
  void restartWithUnchangedFeedsPublishesNothingNew() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 10, 1), T0));
      publisher.publish(SyntheticFeeds.result(2, 0, stories(2, 0, 10, 1), T0));
    }
    try (StoryPublisher restarted = StoryPublisher.start(settings())) {
      assertThat(restarted.states()).hasSize(2);
      assertThat(restarted.state("feed-1").orElseThrow().seen().size()).isEqualTo(10);

      PublishReceipt again = restarted.publish(SyntheticFeeds.result(1, 1, stories(1, 0, 10, 1), T0.plusSeconds(60)));

      assertThat(again.newStories() + again.updatedStories()).isZero();
      assertThat(again.unchangedStories()).isEqualTo(10);
      assertThat(again.recordsByTopic()).doesNotContainKey(topics.stories());
    }
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories())).hasSize(20);
  }

  @Test
  void changedBodyPublishesExactlyOneNewRevision() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 5, 1), T0));
      List<Story> changed = new ArrayList<>(stories(1, 0, 5, 1));
      changed.set(3, SyntheticFeeds.story(1, 3, 2, T0.plusSeconds(60)));

      PublishReceipt receipt = publisher.publish(SyntheticFeeds.result(1, 1, changed, T0.plusSeconds(60)));
      PublishReceipt repeat = publisher.publish(SyntheticFeeds.result(1, 2, changed, T0.plusSeconds(120)));

      assertThat(receipt.stories()).containsExactly(new PublishReceipt.PublishedStory("feed-1-3", 2));
      assertThat(receipt.updatedStories()).isEqualTo(1);
      assertThat(receipt.unchangedStories()).isEqualTo(4);
      assertThat(repeat.stories()).isEmpty();
      assertThat(publisher.state("feed-1").orElseThrow().seen().get("feed-1-3").orElseThrow().revision()).isEqualTo(2);
    }
    List<ConsumerRecord<String, byte[]>> events = TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories());
    assertThat(ExactlyOnceOracle.count(events)).containsEntry("1/3#1", 1).containsEntry("1/3#2", 1).hasSize(6);
    ConsumerRecord<String, byte[]> revised = events.stream()
        .filter(r -> TopicReader.header(r, "ce_id").equals("feed-1-3:2")).findFirst().orElseThrow();
    assertThat(TopicReader.header(revised, "ce_type")).isEqualTo(PollPlanner.TYPE_REVISED);
    assertThat(TopicReader.header(revised, "ce_id")).isEqualTo("feed-1-3:2");
  }

  @Test
  void storyThatLeavesTheFeedAndComesBackUnchangedIsNotPublishedAgain() throws Exception {
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 5, 1), T0));
      publisher.publish(SyntheticFeeds.result(1, 1, stories(1, 3, 8, 1), T0.plusSeconds(60)));

      PublishReceipt back = publisher.publish(SyntheticFeeds.result(1, 2, stories(1, 0, 8, 1), T0.plusSeconds(120)));

      assertThat(back.stories()).isEmpty();
    }
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories())).hasSize(8);
  }

  @Test
  void oversizedAndUnencodableStoriesBecomeDeadLettersInTheSameTransaction() throws Exception {
    Story big = withText(SyntheticFeeds.story(1, 1, 1, T0), "x".repeat(20_000));
    Story broken = withText(SyntheticFeeds.story(1, 2, 1, T0), "bad \uDC00 text");
    DeadLetter fromIngest = new DeadLetter("feed-1", SyntheticFeeds.feedUrl(1), Optional.empty(), "parse-error",
        "item 7 did not parse", "00", 3, "<x", T0);
    PollResult poll = new PollResult(SyntheticFeeds.result(1, 0, List.of(), T0).state(),
        List.of(SyntheticFeeds.story(1, 0, 1, T0), big, broken), List.of(fromIngest),
        SyntheticFeeds.result(1, 0, List.of(), T0).status());

    try (StoryPublisher publisher = StoryPublisher.start(PublishSettings.from(
        TestSettings.values(kafka.bootstrapServers(), prefix, 2, Duration.ofSeconds(5))
            .with(PublishSettings.MAX_STORY_BYTES, 10_000L)))) {
      PublishReceipt receipt = publisher.publish(poll);
      PublishReceipt again = publisher.publish(poll);

      assertThat(receipt.stories()).containsExactly(new PublishReceipt.PublishedStory("feed-1-0", 1));
      assertThat(receipt.deadLetterKinds()) // #18: the receipt names what it dead-lettered, the caller need not guess
          .containsExactlyInAnyOrder("oversized-story", "unencodable-story", "parse-error");
      assertThat(again.deadLetterKinds()).as("dead-lettered once per content version").containsExactly("parse-error");
    }
    List<String> letters = TopicReader.readCommitted(kafka.bootstrapServers(), topics.deadLetters()).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    assertThat(letters).hasSize(4);
    assertThat(letters).anySatisfy(l -> assertThat(l).contains("\"kind\":\"oversized-story\"")
        .contains("publish.maxStoryBytes").contains("\"storyId\":\"feed-1-1\""));
    assertThat(letters).anySatisfy(l -> assertThat(l).contains("\"kind\":\"unencodable-story\"")
        .contains("\"storyId\":\"feed-1-2\""));
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()))
        .extracting(ConsumerRecord::key).containsExactly("feed-1-0");
  }

  @Test
  void secondInstanceWithTheSameTransactionalIdFencesTheFirstAndNothingIsDuplicated() throws Exception {
    try (StoryPublisher older = StoryPublisher.start(settings())) {
      older.publish(SyntheticFeeds.result(0, 0, stories(0, 0, 5, 1), T0));
      try (StoryPublisher newer = StoryPublisher.start(settings())) {
        assertThatThrownBy(() -> older.publish(SyntheticFeeds.result(0, 1, stories(0, 0, 10, 1), T0.plusSeconds(60))))
            .isInstanceOf(PublisherFencedException.class)
            .hasMessageContaining("kafka.transactionalId '" + prefix + "-tx'");
        assertThat(older.readiness().ready()).isFalse();
        assertThat(older.readiness().reason()).startsWith("fenced");

        PublishReceipt taken = newer.publish(SyntheticFeeds.result(0, 1, stories(0, 0, 10, 1), T0.plusSeconds(60)));

        assertThat(taken.newStories()).isEqualTo(5);
        assertThat(taken.unchangedStories()).isEqualTo(5);
      }
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()));
    assertThat(ExactlyOnceOracle.violations(counts, 1, 10)).isEmpty();
  }

  @Test
  void concurrentCallersShareTransactionsAndEveryItemIsPublishedOnce() throws Exception {
    SyntheticFeeds feeds = new SyntheticFeeds(8, 100, 10, 30);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.bindTo(registry);
      List<Thread> callers = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int f = 0; f < feeds.feeds(); f++) {
        int feed = f;
        callers.add(Thread.ofVirtual().start(() -> {
          try {
            for (int round = 0; round < feeds.rounds(); round++) {
              publisher.publish(feeds.poll(feed, round));
            }
          } catch (Exception e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : callers) {
        t.join();
      }
      assertThat(failures).isEmpty();
      double transactions =
          registry.get("feedpipe.publish.transactions").tag("outcome", "committed").functionCounter().count();
      assertThat(transactions).as("group commit").isLessThan(feeds.feeds() * feeds.rounds());
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()));
    assertThat(ExactlyOnceOracle.violations(counts, 8, 100)).isEmpty();
  }

  @Test
  void metersCountTransactionsAndIncludeKafkaClientMetrics() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      publisher.bindTo(registry);
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1, 0, 4, 1), T0));
      publisher.publish(SyntheticFeeds.result(1, 1, stories(1, 0, 4, 1), T0.plusSeconds(60)));

      assertThat(registry.get("feedpipe.publish.transactions").tag("outcome", "committed").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("feedpipe.publish.queued.polls").gauge().value()).isZero();
      assertThat(registry.getMeters()).anySatisfy(m -> assertThat(m.getId().getName()).startsWith("kafka.producer"));
    }
  }

  private static List<Story> stories(int feed, int from, int to, int version) {
    List<Story> stories = new ArrayList<>();
    for (int seq = from; seq < to; seq++) {
      stories.add(SyntheticFeeds.story(feed, seq, version, T0));
    }
    return stories;
  }

  private static Story withText(Story s, String text) {
    return new Story(s.id(), s.guid(), s.url(), s.feed(), s.title(), s.summary(), s.authors(), s.categories(),
        s.language(), s.publishedAt(), s.updatedAt(), s.fetchedAt(), text, s.html(), s.dateline(), s.provenance(),
        s.removed(), s.wordCount(), s.fingerprint(), s.quality());
  }
}
