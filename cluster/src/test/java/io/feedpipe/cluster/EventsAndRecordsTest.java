package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading story events, writing and reading cluster records, and the stores' state formats. */
class EventsAndRecordsTest {
  private static final String BODY = "<p>Kochi, May 30 (ANI): Heavy showers lashed Kochi on Thursday. (ANI)</p>";

  @Test
  void aStoryEventIsReadForItsIdentitiesOutletTextAndAgencies() {
    byte[] event = TestEvents.event("https://www.example.org/feed", "https://www.example.org/news/a1.html?utm_source=x",
        "Showers lash Kochi", BODY, 3);
    StoryView story = StoryView.read(event);

    assertThat(story.revision()).isEqualTo(3);
    assertThat(story.storyKey()).hasSize(32).isNotEqualTo(story.id());
    assertThat(story.url()).contains("https://www.example.org/news/a1.html");
    assertThat(story.outlet()).isEqualTo("example.org");
    assertThat(story.title()).isEqualTo("Showers lash Kochi");
    assertThat(story.text()).isEqualTo("Heavy showers lashed Kochi on Thursday.");
    assertThat(story.agencies()).containsExactly("ANI");
    assertThat(StoryView.readStoryKey(event)).isEqualTo(story.storyKey());
  }

  @Test
  void whatIsNoStoryEventIsRefusedSayingWhy() {
    assertThatThrownBy(() -> StoryView.read(bytes("[1,2]"))).isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> StoryView.read(bytes("{\"id\":\"s\",\"revision\":1,\"feed\":{\"url\":\"u\"}}")))
        .hasMessageContaining("no text");
    assertThatThrownBy(() -> StoryView.read(bytes("{\"id\":\"s\",\"revision\"")))
        .isInstanceOf(UnreadableEventException.class).hasMessageContaining("not a JSON story event");
    assertThatThrownBy(() -> StoryView.readStoryKey(bytes("{\"title\":\"t\"}"))).hasMessageContaining("needs an id");
  }

  @Test
  void aClusterRecordReadsBackAsWritten() {
    StoryView a = StoryView.read(TestEvents.event("https://a.example/feed", "https://a.example/x", "A", BODY, 1));
    StoryView b = StoryView.read(TestEvents.event("https://b.example/feed", "https://b.example/y", "B", BODY, 1));
    Cluster cluster = Cluster.of(a, Instant.parse("2026-12-06T09:00:00Z")).with(b, Instant.parse("2026-12-06T09:05:00Z"));

    assertThat(Cluster.read(cluster.toJson())).isEqualTo(cluster);
    assertThat(cluster.size()).isEqualTo(2);
    assertThat(cluster.outlets()).containsExactly("a.example", "b.example");
    assertThat(cluster.title()).isEqualTo("A");
    assertThat(cluster.clusterId()).isEqualTo(Cluster.idFor(a.storyKey(), Instant.parse("2026-12-06T09:00:00Z")));
    assertThat(new String(cluster.toJson(), StandardCharsets.UTF_8)).startsWith("{\"clusterId\":\"" + cluster.clusterId()
        + "\",\"size\":2,\"firstSeenAt\":\"2026-12-06T09:00:00Z\",\"updatedAt\":\"2026-12-06T09:05:00Z\",\"title\":\"A\"");
    assertThatThrownBy(() -> Cluster.read(bytes("{\"size\":1}"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusterId");
  }

  @Test
  void aClusterListsItsFirstMembersAndCountsThemAll() {
    StoryView a = StoryView.read(TestEvents.event("https://a.example/feed", "https://a.example/x", "A", BODY, 1));
    Cluster cluster = Cluster.of(a, Instant.EPOCH);
    for (int i = 0; i < Cluster.MAX_LISTED + 5; i++) {
      cluster = cluster.with(a, Instant.EPOCH.plusSeconds(i));
    }
    assertThat(cluster.size()).isEqualTo(Cluster.MAX_LISTED + 6);
    assertThat(cluster.members()).hasSize(Cluster.MAX_LISTED);
  }

  @Test
  void storeStatesReadBackAsWritten() {
    UniqueState state = UniqueState.first("s1", 1, 7L);
    for (long c = 8; c < 8 + UniqueState.MAX_CONTENTS + 3; c++) {
      state = state.after("s2", 2, c);
    }
    UniqueState read = UniqueState.SERDE.deserializer().deserialize("t", UniqueState.SERDE.serializer().serialize("t", state));
    assertThat(read).isEqualTo(state);
    assertThat(read.contents()).hasSize(UniqueState.MAX_CONTENTS);
    assertThat(read.passed(7L)).as("the oldest content is forgotten first").isFalse();

    IndexedStory story = new IndexedStory("c1", Shingles.of("Ministers met in Geneva on Monday, 4 officials said."));
    assertThat(IndexedStory.SERDE.deserializer().deserialize("t", IndexedStory.SERDE.serializer().serialize("t", story)))
        .isEqualTo(story);
  }

  @Test
  void aCopyOnAnotherFeedHasTheSameContentAndARevisionAnother() {
    byte[] one = TestEvents.event("https://a.example/feed", "https://a.example/x", "A", BODY, 1);
    byte[] other = TestEvents.event("https://b.example/feed", "https://a.example/x", "A", BODY, 1);
    byte[] revised = TestEvents.event("https://a.example/feed", "https://a.example/x", "A", BODY.replace("Heavy", "Light"), 2);

    assertThat(UniqueState.contentOf(StoryView.read(one))).isEqualTo(UniqueState.contentOf(StoryView.read(other)))
        .isNotEqualTo(UniqueState.contentOf(StoryView.read(revised)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
