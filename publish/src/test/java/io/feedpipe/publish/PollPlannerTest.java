package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedState;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions of one transaction, without a broker. */
class PollPlannerTest {
  private static final Instant T0 = SyntheticFeeds.EPOCH;
  private final Topics topics = new Topics("p");
  private final PollPlanner planner = new PollPlanner(topics,
      PublishSettings.from(SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092")
          .with(PublishSettings.SEEN_RETENTION, Duration.ofDays(30)).with(PublishSettings.MAX_SEEN_PER_FEED, 100)));

  @Test
  void unknownStoriesGetRevisionOneAndTheStateRecordComesLast() {
    TransactionPlan plan = planner.plan(Optional.empty(), poll(0, 3, 1, T0));

    assertThat(plan.published()).containsExactly(new PublishedStory("feed-1-0", 1), new PublishedStory("feed-1-1", 1),
        new PublishedStory("feed-1-2", 1));
    assertThat(plan.records()).last().extracting(OutRecord::topic).isEqualTo(topics.feedState());
    assertThat(plan.newState().seen().size()).isEqualTo(3);
    assertThat(List.of("feed-1-0", "feed-1-1", "feed-1-2"))
        .allSatisfy(id -> assertThat(plan.newState().seen().get(id).orElseThrow().revision()).isEqualTo(1));
    assertThat(plan.newState().etag()).contains("round-0");
  }

  @Test
  void changedContentIsTheNextRevisionAndFetchTimeAloneChangesNothing() {
    TransactionPlan first = planner.plan(Optional.empty(), poll(0, 2, 1, T0));
    List<Story> later = List.of(SyntheticFeeds.story(1, 0, 1, T0.plusSeconds(3600)),
        SyntheticFeeds.story(1, 1, 2, T0.plusSeconds(3600)));

    TransactionPlan second = planner.plan(Optional.of(first.newState()),
        SyntheticFeeds.result(1, 1, later, T0.plusSeconds(3600)));

    assertThat(second.unchangedStories()).isEqualTo(1);
    assertThat(second.published()).containsExactly(new PublishedStory("feed-1-1", 2));
    assertThat(second.newState().seen().get("feed-1-1").orElseThrow().revision()).isEqualTo(2);
    assertThat(second.newState().seen().get("feed-1-0").orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void seenKeysOfStoriesGoneLongerThanTheRetentionArePrunedButCurrentOnesNever() {
    SeenStories seen = SeenStories.builder()
        .put(SeenStories.idHash("old"), 1, 1, T0.minus(Duration.ofDays(31)))
        .put(SeenStories.idHash("recent"), 1, 1, T0.minus(Duration.ofDays(29)))
        .put(SeenStories.idHash("feed-1-0"), 1, 4, T0.minus(Duration.ofDays(400)))
        .build();
    FeedState prior = withSeen(FeedState.initial("feed-1", SyntheticFeeds.feedUrl(1)), seen);

    TransactionPlan plan = planner.plan(Optional.of(prior), poll(0, 1, 1, T0));

    assertThat(ids(plan.newState().seen())).containsOnly("recent", "feed-1-0");
    assertThat(plan.newState().seen().get("feed-1-0").orElseThrow().revision()).isEqualTo(5);
  }

  @Test
  void notModifiedPollKeepsEverySeenKeyHoweverOld() {
    SeenStories seen = SeenStories.builder().put(SeenStories.idHash("quiet"), 1, 1, T0.minus(Duration.ofDays(90))).build();
    FeedState prior = withSeen(FeedState.initial("feed-1", SyntheticFeeds.feedUrl(1)), seen);
    PollResult ok = SyntheticFeeds.result(1, 5, List.of(), T0);
    PollResult notModified = new PollResult(ok.state(), List.of(), List.of(),
        new io.feedpipe.model.FeedStatus("feed-1", SyntheticFeeds.feedUrl(1), T0, io.feedpipe.model.PollOutcome.NOT_MODIFIED,
            Optional.of(304), Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), List.of()));

    assertThat(planner.plan(Optional.of(prior), notModified).newState().seen()).isEqualTo(seen);
    assertThat(planner.plan(Optional.of(prior), ok).newState().seen().isEmpty()).isTrue();
  }

  @Test
  void atMostMaxSeenPerFeedKeysOfAbsentStoriesAreKeptTheMostRecentlySeenFirst() {
    SeenStories.Builder seen = SeenStories.builder();
    for (int i = 0; i < 150; i++) {
      seen.put(SeenStories.idHash("gone-" + i), 1, 1, T0.minusSeconds(150 - i));
    }
    FeedState prior = withSeen(FeedState.initial("feed-1", SyntheticFeeds.feedUrl(1)), seen.build());

    TransactionPlan plan = planner.plan(Optional.of(prior), poll(0, 120, 1, T0));

    assertThat(plan.newState().seen().size()).isEqualTo(120 + 100);
    assertThat(ids(plan.newState().seen())).contains("gone-149", "gone-50").doesNotContain("gone-49", "gone-0");
  }

  @Test
  void feedStatusRecordCountsWhatWasPublished() {
    TransactionPlan plan = planner.plan(Optional.empty(), poll(0, 4, 1, T0));

    OutRecord status = plan.records().stream().filter(r -> r.topic().equals(topics.feedStatus())).findFirst()
        .orElseThrow();
    assertThat(new String(status.value(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"storiesPublished\":4").contains("\"outcome\":\"ok\"");
    assertThat(status.key()).isEqualTo("feed-1");
  }

  @Test
  void feedStateRecordRoundTripsThroughItsCodec() throws Exception {
    TransactionPlan plan = planner.plan(Optional.empty(), poll(0, 3, 1, T0));
    OutRecord state = plan.records().get(plan.records().size() - 1);

    assertThat(FeedStateCodec.decode(state.value())).isEqualTo(plan.newState());
  }

  private static PollResult poll(int from, int to, int version, Instant at) {
    List<Story> stories = new ArrayList<>();
    for (int seq = from; seq < to; seq++) {
      stories.add(SyntheticFeeds.story(1, seq, version, at));
    }
    return SyntheticFeeds.result(1, 0, stories, at);
  }

  /** Which of the names this test uses a state remembers. */
  private static List<String> ids(SeenStories seen) {
    List<String> names = new ArrayList<>(List.of("old", "recent", "quiet"));
    for (int i = 0; i < 150; i++) {
      names.add("gone-" + i);
      names.add("feed-1-" + i);
    }
    return names.stream().filter(seen::contains).toList();
  }

  private static FeedState withSeen(FeedState s, SeenStories seen) {
    return new FeedState(s.feedId(), s.url(), s.movedFrom(), s.etag(), s.lastModified(), seen, s.consecutiveErrors(),
        s.lastPollAt(), s.lastSuccessAt(), s.nextDueAt(), s.disabledReason());
  }
}
