package io.feedpipe.publish;

import static io.feedpipe.publish.IdentityFeeds.item;
import static io.feedpipe.publish.IdentityFeeds.storyId;
import static io.feedpipe.publish.IdentityFeeds.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** #24: which remembered story an item is, when its guid, link or date changes — one poll after another, without a broker. */
class StoryIdentityTest {
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  private final Topics topics = new Topics("p");
  private final PollPlanner planner = new PollPlanner(topics,
      PublishSettings.from(SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092")));
  private Optional<FeedState> state = Optional.empty();
  private final List<String> findings = new ArrayList<>();

  /** Plans a poll at {@code T0 + minutes} and makes its state current; returns its story events. */
  private List<JsonNode> poll(int minutes, Story... items) {
    return poll(minutes, PollOutcome.OK, items);
  }

  private List<JsonNode> poll(int minutes, PollOutcome outcome, Story... items) {
    TransactionPlan plan = planner.plan(state, IdentityFeeds.poll(List.of(items), T0.plusSeconds(60L * minutes), outcome));
    state = Optional.of(roundTrip(plan.newState()));
    findings.addAll(plan.findings());
    List<JsonNode> events = new ArrayList<>();
    for (OutRecord r : plan.records()) {
      if (r.topic().equals(topics.stories())) {
        events.add(json(r.value()));
      }
    }
    return events;
  }

  private FeedStatus lastStatus(TransactionPlan plan) throws IOException {
    for (OutRecord r : plan.records()) {
      if (r.topic().equals(topics.feedStatus())) {
        return JsonCodec.decodeStatus(r.value());
      }
    }
    throw new AssertionError("no feed-status record");
  }

  private FeedStatus status(int minutes, Story... items) throws IOException {
    TransactionPlan plan = planner.plan(state, IdentityFeeds.poll(List.of(items), T0.plusSeconds(60L * minutes)));
    state = Optional.of(plan.newState());
    findings.addAll(plan.findings());
    return lastStatus(plan);
  }

  private static FeedState roundTrip(FeedState s) {
    try {
      return FeedStateCodec.decode(FeedStateCodec.encode(s)); // every poll as after a restart
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  private static Story story(String guid, String link, String text) {
    return item(guid, link, "Council approves the budget", text, T0, T0);
  }

  @Test
  void aGuidRegeneratedOnEveryRequestMakesOneStoryAndMarksTheFeedGuidUnstable() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (int p = 0; p < 9; p++) {
      events.addAll(poll(p, story("a1-" + (1000 + p * 7919), "https://news.example/budget", "The council voted.")));
    }
    FeedStatus tenth = status(9, story("a1-x", "https://news.example/budget", "The council voted."));

    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.get("id").asText()).isEqualTo(storyId("a1-1000"));
      assertThat(e.get("revision").asInt()).isEqualTo(1);
    });
    assertThat(tenth.guidStability()).isEqualTo("unstable");
    assertThat(tenth.dateStability()).isEqualTo("stable");
    assertThat(findings).singleElement().asString().contains("guidStability=unstable", "feed-24",
        "https://news.example/budget");
  }

  @Test
  void inAGuidUnstableFeedAnEditIsARevisionOfTheStoryOnItsLinkWithGuidSourceLink() {
    for (int p = 0; p < 4; p++) {
      poll(p, story("r-" + p, "https://news.example/budget", "The council voted."));
    }

    List<JsonNode> edited = poll(4, story("r-4", "https://news.example/budget", "The council voted 7 to 2."));

    assertThat(edited).singleElement().satisfies(e -> {
      assertThat(e.get("id").asText()).isEqualTo(storyId("r-0"));
      assertThat(e.get("revision").asInt()).isEqualTo(2);
      assertThat(e.get("guid").asText()).isEqualTo("r-4");
      assertThat(e.get("quality").get("guidSource").asText()).isEqualTo("link");
    });
  }

  @Test
  void aGuidSchemeSwitchedOnceMakesNoDuplicateKeepsTheFeedStableAndLaterEditsReviseTheFirstId() throws IOException {
    Story[] before = {story("1001", "https://news.example/a", "Text a."), story("1002", "https://news.example/b", "Text b.")};
    Story[] after = {story("https://news.example/a", "https://news.example/a", "Text a."),
        story("https://news.example/b", "https://news.example/b", "Text b.")};

    assertThat(poll(0, before)).hasSize(2);
    assertThat(poll(1, after)).isEmpty();
    assertThat(poll(2, after)).isEmpty();
    List<JsonNode> edit = poll(3, after[0], story("https://news.example/b", "https://news.example/b", "Text b, fixed."));
    FeedStatus status = status(4, after);

    assertThat(edit).singleElement().satisfies(e -> {
      assertThat(e.get("id").asText()).isEqualTo(storyId("1002"));
      assertThat(e.get("revision").asInt()).isEqualTo(2);
    });
    assertThat(status.guidStability()).isEqualTo("stable");
    assertThat(findings).isEmpty();
  }

  @Test
  void anHttpsMoveWwwAndTrailingSlashAreOneLink() {
    // normalize has already dropped the utm_* parameters: the link reaches publish canonical
    assertThat(poll(0, item("http://www.news.example/a/", "http://www.news.example/a/", "Title", "Text.", T0, T0)))
        .hasSize(1);

    assertThat(poll(1, item("https://news.example/a", "https://news.example/a", "Title", "Text.", T0, T0))).isEmpty();
  }

  @Test
  void itemsOfAStableFeedSharingOneLinkWithOtherGuidsAndTextsAreAllKept() {
    String home = "https://news.example/";
    List<JsonNode> first = poll(0, item("g1", home, "Live: 09:00", "First update.", T0, T0),
        item("g2", home, "Live: 09:05", "Second update.", T0, T0));
    List<JsonNode> second = poll(1, item("g3", home, "Live: 09:10", "Third update.", T0, T0),
        item("g4", home, "Live: 09:15", "Fourth update.", T0, T0));

    assertThat(first).hasSize(2);
    assertThat(second).hasSize(2).allSatisfy(e -> assertThat(e.get("revision").asInt()).isEqualTo(1));
  }

  @Test
  void aRevisionMeansTheTitleTheTextOrTheLinkChangedNeverTheDateAlone() {
    Story v1 = item("g", "https://news.example/a", "Title", "Text.", T0, T0);
    poll(0, v1);

    assertThat(poll(1, item("g", "https://news.example/a", "Title", "Text.", T0.plusSeconds(3600), T0))).isEmpty();
    assertThat(poll(2, item("g", "https://news.example/a", "Title", "Text, edited.", T0, T0)))
        .singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(2));
    assertThat(poll(3, item("g", "https://news.example/a", "Title, edited", "Text, edited.", T0, T0)))
        .singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(3));
    assertThat(poll(4, item("g", "https://news.example/a-moved", "Title, edited", "Text, edited.", T0, T0)))
        .singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(4));
  }

  @Test
  void datesMovingOnEveryPollPublishNothingMarkTheFeedDateUnstableAndAnEditKeepsTheFirstDate() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (int p = 0; p < 9; p++) {
      Instant now = T0.plusSeconds(60L * p);
      events.addAll(poll(p, item("g", "https://news.example/a", "Title", "Text.", now, now)));
    }
    Instant now = T0.plusSeconds(60L * 9);
    FeedStatus status = status(9, item("g", "https://news.example/a", "Title", "Text.", now, now));
    List<JsonNode> edit = poll(10, item("g", "https://news.example/a", "Title", "Text, edited.",
        T0.plusSeconds(600), T0.plusSeconds(600)));

    assertThat(events).singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(1));
    assertThat(status.dateStability()).isEqualTo("unstable");
    assertThat(status.guidStability()).isEqualTo("stable");
    assertThat(findings).singleElement().asString().contains("dateStability=unstable");
    assertThat(edit).singleElement().satisfies(e -> {
      assertThat(e.get("revision").asInt()).isEqualTo(2);
      assertThat(e.get("publishedAt").asText()).isEqualTo(T0.toString());
    });
  }

  @Test
  void aDateCorrectedOnceLeavesTheFeedDateStable() throws IOException {
    poll(0, item("g", "https://news.example/a", "Title", "Text.", T0, T0));
    poll(1, item("g", "https://news.example/a", "Title", "Text.", T0.plusSeconds(60), T0));
    poll(2, item("g", "https://news.example/a", "Title", "Text.", T0.plusSeconds(60), T0));

    assertThat(status(3, item("g", "https://news.example/a", "Title", "Text.", T0.plusSeconds(60), T0))
        .dateStability()).isEqualTo("stable");
  }

  @Test
  void aStoryUnderANewGuidAndANewLinkWithTheSameTitleAndTextIsARevisionFoundByFingerprint() {
    poll(0, item("g1", "https://news.example/2026/draft-slug", "Title", "Text.", T0, T0));

    assertThat(poll(1, item("g2", "https://news.example/2026/final-slug", "Title", "Text.", T0, T0)))
        .singleElement().satisfies(e -> {
          assertThat(e.get("id").asText()).isEqualTo(storyId("g1"));
          assertThat(e.get("revision").asInt()).isEqualTo(2);
          assertThat(e.get("url").asText()).isEqualTo("https://news.example/2026/final-slug");
          assertThat(e.get("quality").get("guidSource").asText()).isEqualTo("fingerprint");
        });
  }

  @Test // #24 with #25: stories.unique passes one story key's first event and its revisions, so a story keeps its key
  void aStoryFoundUnderAMovedLinkKeepsTheStoryKeyOfItsFirstEventInEveryRevision() {
    String first = poll(0, item("g1", "https://news.example/2026/draft-slug", "Title", "Text.", T0, T0)).getFirst()
        .get("storyKey").asText();
    assertThat(first).isEqualTo(IdentityFeeds.storyKey("https://news.example/2026/draft-slug"));

    JsonNode moved = poll(1, item("g2", "https://news.example/2026/final-slug", "Title", "Text.", T0, T0)).getFirst();
    JsonNode edited = poll(2, item("g2", "https://news.example/2026/final-slug", "Title", "Text, edited.", T0, T0))
        .getFirst();

    assertThat(List.of(moved, edited)).extracting(e -> e.get("id").asText()).containsOnly(storyId("g1"));
    assertThat(List.of(moved, edited)).extracting(e -> e.get("revision").asInt()).containsExactly(2, 3);
    assertThat(List.of(moved, edited)).extracting(e -> e.get("storyKey").asText()).containsOnly(first);
  }

  @Test // #24: identities are kept for publish.identityWindow stories; beyond it a story is known by its guid alone
  void aStoryBeyondTheIdentityWindowIsNotMatchedUnderANewGuidSoItIsPublishedAgainNeverDropped() {
    PollPlanner narrow = new PollPlanner(topics, PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092").with(PublishSettings.IDENTITY_WINDOW, 2)));
    Story old = story("old", "https://news.example/old", "The old story.");
    Story[] newer = {story("n1", "https://news.example/n1", "One."), story("n2", "https://news.example/n2", "Two.")};
    Optional<FeedState> s = Optional.of(narrow.plan(Optional.empty(), IdentityFeeds.poll(List.of(old), T0)).newState());
    s = Optional.of(roundTrip(narrow.plan(s, IdentityFeeds.poll(List.of(newer), T0.plusSeconds(60))).newState()));
    assertThat(s.get().seen().identity(s.get().seen().indexOf(SeenStories.idHash(old.id()))))
        .as("the oldest of three, beyond a window of two").isEqualTo(SeenStories.Identity.UNKNOWN);

    Story underNewGuid = story("old-again", "https://news.example/old", "The old story.");
    TransactionPlan renamed = narrow.plan(s, IdentityFeeds.poll(List.of(underNewGuid), T0.plusSeconds(120)));
    TransactionPlan sameGuid = narrow.plan(s, IdentityFeeds.poll(List.of(old), T0.plusSeconds(120)));
    TransactionPlan edited = narrow.plan(s,
        IdentityFeeds.poll(List.of(story("old", "https://news.example/old", "The old story, edited.")), T0.plusSeconds(120)));

    assertThat(renamed.published()).as("not matched: a new story, not a lost one")
        .containsExactly(new PublishReceipt.PublishedStory(storyId("old-again"), 1));
    assertThat(sameGuid.published()).as("its own guid is still seen, unchanged").isEmpty();
    assertThat(edited.published()).as("and a change under it is still a revision")
        .containsExactly(new PublishReceipt.PublishedStory(storyId("old"), 2));
    // within the window the same item under a new guid is the same story
    Story n1Renamed = story("n1-again", "https://news.example/n1", "One.");
    assertThat(narrow.plan(s, IdentityFeeds.poll(List.of(n1Renamed), T0.plusSeconds(120))).published()).isEmpty();
  }

  @Test
  void aNewItemWithOnlyTheTitleOfAStoryThatLeftTheFeedIsANewStory() {
    poll(0, item("photo-1", "https://news.example/photo/1", "Photo of the day", "", T0, T0));

    assertThat(poll(1, item("photo-2", "https://news.example/photo/2", "Photo of the day", "", T0, T0)))
        .singleElement().satisfies(e -> {
          assertThat(e.get("id").asText()).isEqualTo(storyId("photo-2"));
          assertThat(e.get("revision").asInt()).isEqualTo(1);
        });
  }

  @Test
  void twoItemsOfOnePollWithTheSameLinkTitleAndTextAreOneStory() {
    assertThat(poll(0, story("g1", "https://news.example/a", "Text."), story("g2", "https://news.example/a", "Text.")))
        .hasSize(1);
    assertThat(poll(1, story("g2", "https://news.example/a", "Text."), story("g1", "https://news.example/a", "Text.")))
        .isEmpty();
  }

  @Test
  void aStoryRememberedBeforeIdentitiesWereKeptIsNotPublishedAgainAfterTheUpgrade() {
    Story old = item("g", "https://news.example/a", "Title", "Text.", T0, T0);
    SeenStories seen = SeenStories.builder()
        .put(SeenStories.idHash(old.id()), ContentHash.legacyOf(old), 3, T0.minusSeconds(600)).build();
    state = Optional.of(new FeedState(IdentityFeeds.FEED_ID, IdentityFeeds.FEED_URL, Optional.empty(), Optional.empty(),
        Optional.empty(), seen, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));

    assertThat(poll(0, old)).isEmpty();
    assertThat(state.orElseThrow().seen().identity(0).storyId()).contains(old.id());
    assertThat(poll(1, item("g", "https://news.example/a", "Title", "Text, edited.", T0, T0)))
        .singleElement().satisfies(e -> assertThat(e.get("revision").asInt()).isEqualTo(4));
  }

  @Test
  void aFailedPollChangesNeitherTheStoriesNorTheFeedsStability() {
    poll(0, story("a", "https://news.example/a", "Text."));
    FeedState before = state.orElseThrow();

    assertThat(poll(1, PollOutcome.NETWORK_ERROR)).isEmpty();
    assertThat(state.orElseThrow().seen()).isEqualTo(before.seen());
  }
}
