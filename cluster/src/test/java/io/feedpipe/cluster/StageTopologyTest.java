package io.feedpipe.cluster;

import static io.feedpipe.cluster.StageDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.cluster.LabelledSet.LabelledStory;
import io.feedpipe.cluster.OutletCopies.Copy;
import io.feedpipe.cluster.OutletCopies.Outlet;
import io.feedpipe.config.SettingValues;
import io.feedpipe.model.Story;
import io.feedpipe.publish.StoryEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The stage's topology in Kafka Streams' TopologyTestDriver: real processors, real stores, records in and out. */
class StageTopologyTest {
  private static final String STORY = "<p>Ministers of the two countries met in Geneva on Monday and agreed to reopen the "
      + "border crossing at Wagah for trade from next month, officials said.</p><p>The crossing has been shut since "
      + "March after a dispute over customs duties on dry fruit.</p>";
  private static final String INDIA = "https://example.org/feeds/india.xml";
  private static final String WORLD = "https://example.org/feeds/world.xml";
  private static final String LINK = "https://example.org/news/a1.html";

  @Test
  void twoCategoryFeedsOfOneSiteCarryingOneStoryGiveOneEventKeyedByItsStoryKey() { // #25
    try (StageDriver stage = new StageDriver()) {
      byte[] india = TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1);
      byte[] world = TestEvents.event(WORLD, LINK, "Border crossing to reopen", STORY, 1);
      stage.pipe(india, minutes(0));
      stage.pipe(world, minutes(3));

      List<TestRecord<String, byte[]>> unique = stage.unique();
      assertThat(unique).hasSize(1);
      StoryView passed = StoryView.read(unique.get(0).value());
      assertThat(unique.get(0).key()).isEqualTo(passed.storyKey()).isEqualTo(StoryView.read(world).storyKey());
      assertThat(passed.id()).isEqualTo(StoryView.read(india).id()).isNotEqualTo(StoryView.read(world).id());
      assertThat(unique.get(0).value()).as("the event's bytes, unchanged").isEqualTo(india);
      assertThat(stage.count("feedpipe.unique.stories", "result", "first")).isEqualTo(1);
      assertThat(stage.count("feedpipe.unique.stories", "result", "duplicate")).isEqualTo(1);
    }
  }

  @Test
  void aRevisionPassesAndItsCopyFromTheOtherFeedDoesNot() { // #25
    try (StageDriver stage = new StageDriver()) {
      String revised = STORY.replace("next month", "next week");
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1), minutes(0));
      stage.pipe(TestEvents.event(WORLD, LINK, "Border crossing to reopen", STORY, 1), minutes(1));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", revised, 2), minutes(30));
      stage.pipe(TestEvents.event(WORLD, LINK, "Border crossing to reopen", revised, 2), minutes(31));

      List<TestRecord<String, byte[]>> unique = stage.unique();
      assertThat(unique).extracting(r -> StoryView.read(r.value()).revision()).containsExactly(1, 2);
      assertThat(StoryView.read(unique.get(1).value()).text()).contains("next week");
      assertThat(stage.count("feedpipe.unique.stories", "result", "revision")).isEqualTo(1);
      assertThat(stage.count("feedpipe.unique.stories", "result", "duplicate")).isEqualTo(2);
    }
  }

  @Test
  void aRevisionThatReachesTheOtherFeedFirstPassesAndTheFirstFeedsLateCopyDoesNot() {
    try (StageDriver stage = new StageDriver()) {
      String revised = STORY.replace("next month", "next week");
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1), minutes(0));
      stage.pipe(TestEvents.event(WORLD, LINK, "Border crossing to reopen", revised, 1), minutes(20));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", revised, 2), minutes(25));

      assertThat(stage.unique()).extracting(r -> StoryView.read(r.value()).feedUrl()).containsExactly(INDIA, WORLD);
    }
  }

  @Test
  void aRevisionOfTheOwnFeedPassesEvenWhenItsTextOnlyReturnsToAnEarlierOne() {
    try (StageDriver stage = new StageDriver()) {
      String revised = STORY.replace("next month", "next week");
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1), minutes(0));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", revised, 2), minutes(10));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 3), minutes(20));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 3), minutes(21)); // a replay

      assertThat(stage.unique()).extracting(r -> StoryView.read(r.value()).revision()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aCopyFromAnotherFeedAfterTheDedupeWindowPassesAgain() {
    try (StageDriver stage = new StageDriver(SettingValues.defaults().with(ClusterSettings.DEDUPE_WINDOW,
        Duration.ofHours(1)))) {
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1), minutes(0));
      stage.pipe(TestEvents.event(WORLD, LINK, "Border crossing to reopen", STORY, 1), minutes(59));
      stage.pipe(TestEvents.event(WORLD.replace("world", "asia"), LINK, "Border crossing to reopen", STORY, 1),
          minutes(61));

      assertThat(stage.unique()).hasSize(2);
    }
  }

  @Test
  void anEventWithoutAStoryKeyIsKeyedByItsId() {
    try (StageDriver stage = new StageDriver()) {
      byte[] event = TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1);
      String json = new String(event, StandardCharsets.UTF_8);
      String id = StoryView.read(event).id();
      byte[] older = json.replaceFirst("\"storyKey\":\"[0-9a-f]+\",", "").getBytes(StandardCharsets.UTF_8);
      stage.pipe(older, minutes(0));

      assertThat(stage.unique()).extracting(TestRecord::key).containsExactly(id);
    }
  }

  @Test
  void unreadableEventsAreSkippedCountedAndTheNextStoryStillPasses() {
    try (StageDriver stage = new StageDriver()) {
      stage.pipeRaw("k".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8), minutes(0));
      stage.pipeRaw("k".getBytes(StandardCharsets.UTF_8), "{\"id\":\"x\",\"revision\":1}".getBytes(StandardCharsets.UTF_8),
          minutes(1));
      stage.pipeRaw("k".getBytes(StandardCharsets.UTF_8), null, minutes(2));
      stage.pipe(TestEvents.event(INDIA, LINK, "Border crossing to reopen", STORY, 1), minutes(3));

      assertThat(stage.unique()).hasSize(1);
      assertThat(stage.count("feedpipe.stage.unreadable")).isEqualTo(3);
    }
  }

  @Test
  void theSameWireTextOnThreeOutletsWithOtherHeadlinesAndNoticesFormsOneCluster() { // #25
    LabelledStory story = story("repo-rate");
    List<Copy> copies = List.of(copy(story, "latestly.example", 0), copy(story, "primetimes.example", 1),
        copy(story, "metromirror.example", 2));
    try (StageDriver stage = new StageDriver()) {
      for (int i = 0; i < copies.size(); i++) {
        stage.pipe(TestEvents.event(copies.get(i)), minutes(10 * i));
      }
      List<Cluster> records = stage.clusterRecords();

      assertThat(records).hasSize(3).extracting(Cluster::size).containsExactly(1, 2, 3);
      Cluster cluster = records.get(2);
      assertThat(records).extracting(Cluster::clusterId).containsOnly(cluster.clusterId());
      assertThat(cluster.outlets()).containsExactly("latestly.example", "primetimes.example", "metromirror.example");
      assertThat(cluster.agencies()).containsExactly("PTI");
      assertThat(cluster.members()).extracting(Cluster.Member::id)
          .containsExactlyElementsOf(copies.stream().map(c -> TestEvents.story(c).id()).toList());
      assertThat(cluster.members()).extracting(Cluster.Member::title).doesNotHaveDuplicates();
      assertThat(cluster.firstSeenAt()).isEqualTo(minutes(0));
      assertThat(cluster.updatedAt()).isEqualTo(minutes(20));
      assertThat(stage.count("feedpipe.clusters.formed")).isEqualTo(1);
      assertThat(stage.count("feedpipe.clusters.joined")).isEqualTo(2);
      assertThat(stage.count("feedpipe.clusters.grown", "size", "3")).isEqualTo(1);
      assertThat(stage.count("feedpipe.clusters.grown", "size", "5")).isZero();
    }
  }

  @Test
  void aCopyCutShortAndACopyWithItsParagraphsRunTogetherJoinTheFullCopy() { // #25
    LabelledStory story = story("bridge-collapse");
    try (StageDriver stage = new StageDriver()) {
      stage.pipe(TestEvents.event(copy(story, "dailyherald.example", 0)), minutes(0));
      stage.pipe(TestEvents.event(copy(story, "eveningexpress.example", 0)), minutes(5)); // first paragraph only
      stage.pipe(TestEvents.event(copy(story, "metromirror.example", 0)), minutes(9)); // one paragraph

      Map<String, Cluster> clusters = StageDriver.latest(stage.clusterRecords());
      assertThat(clusters).hasSize(1);
      assertThat(clusters.values().iterator().next().size()).isEqualTo(3);
    }
  }

  @Test
  void twoReportsOfOneEventInTheirOwnWordsFormTwoClusters() { // #25
    try (StageDriver stage = new StageDriver()) {
      int minute = 0;
      for (String id : List.of("bridge-collapse", "bridge-collapse-own")) {
        for (String outlet : List.of("latestly.example", "primetimes.example")) {
          stage.pipe(TestEvents.event(copy(story(id), outlet, 0)), minutes(minute++));
        }
      }
      Map<String, Cluster> clusters = StageDriver.latest(stage.clusterRecords());

      assertThat(clusters.values()).extracting(Cluster::size).containsExactly(2, 2);
    }
  }

  @Test
  void aCopyLaterThanTheWindowStartsAClusterOfItsOwn() {
    LabelledStory story = story("repo-rate");
    try (StageDriver stage = new StageDriver(SettingValues.defaults().with(ClusterSettings.WINDOW, Duration.ofHours(2)))) {
      stage.pipe(TestEvents.event(copy(story, "latestly.example", 0)), minutes(0));
      stage.pipe(TestEvents.event(copy(story, "primetimes.example", 0)), minutes(60));
      stage.pipe(TestEvents.event(copy(story, "metromirror.example", 0)), minutes(181)); // 2 h after the last

      assertThat(StageDriver.latest(stage.clusterRecords()).values()).extracting(Cluster::size).containsExactly(2, 1);
    }
  }

  @Test
  void aRevisionOfAClusteredStoryPassesTheUniqueTopicAndLeavesItsClusterAlone() {
    LabelledStory story = story("repo-rate");
    Copy first = copy(story, "latestly.example", 0);
    try (StageDriver stage = new StageDriver()) {
      stage.pipe(TestEvents.event(first), minutes(0));
      stage.pipe(TestEvents.event(copy(story, "primetimes.example", 0)), minutes(1));
      Story revised = TestEvents.story(new Copy(first.story(), first.outlet(), first.link(), first.title(),
          first.contentHtml().replace("6.71 per cent", "6.69 per cent"), ""));
      stage.pipe(StoryEvents.encode(revised, 2), minutes(40));

      assertThat(stage.unique()).hasSize(3);
      assertThat(stage.clusterRecords()).extracting(Cluster::size).containsExactly(1, 2);
    }
  }

  @Test
  void aVeryShortTextFormsAClusterOfItsOwnAndIsNotIndexed() {
    try (StageDriver stage = new StageDriver()) {
      stage.pipe(TestEvents.event(INDIA, LINK, "Breaking", "<p>Border crossing to reopen.</p>", 1), minutes(0));
      stage.pipe(TestEvents.event(WORLD, LINK.replace("a1", "a2"), "Breaking", "<p>Border crossing to reopen.</p>", 1),
          minutes(1));

      assertThat(stage.clusterRecords()).extracting(Cluster::size).containsExactly(1, 1);
    }
  }

  /** The labelled story {@code id}. */
  static LabelledStory story(String id) {
    return LabelledSet.stories().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  /** {@code story} as the outlet on {@code host} carries it, with its {@code headline}-th headline. */
  static Copy copy(LabelledStory story, String host, int headline) {
    Outlet outlet = OutletCopies.OUTLETS.stream().filter(o -> o.host().equals(host)).findFirst().orElseThrow();
    LabelledStory titled = new LabelledStory(story.id(), story.agency(), story.dateline(), story.event(), story.kind(),
        List.of(story.headlines().get(headline % story.headlines().size())), story.paragraphs());
    return OutletCopies.copy(titled, outlet, "Unrelated related headline", new Random(1));
  }
}
