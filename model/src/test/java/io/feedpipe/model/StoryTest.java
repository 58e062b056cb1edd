package io.feedpipe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoryTest {
  @Test // #24: a story found under another guid is published with the remembered story's id, key, date and identity source
  void asPublishedChangesTheIdTheStoryKeyTheDateAndTheQualityAndNothingElse() throws Exception {
    Instant t = Instant.parse("2026-12-01T08:00:00Z");
    Story story = new Story("item-id", "item-key", Optional.of("guid-2"), Optional.of("https://news.example/a"),
        new FeedInfo("f", URI.create("https://news.example/rss"), Optional.of("Feed"), Optional.empty(), List.of()),
        "Title", Optional.of("Summary"), List.of("Author"), List.of("World"), Optional.of("en"), Optional.of(t),
        Optional.of(t.plusSeconds(60)), t.plusSeconds(120), "Text.", "<p>Text.</p>", Optional.empty(),
        Provenance.none(), List.of(), 1, "00000000000000ff", Quality.unknown());
    Quality fromLink = story.quality().withGuidSource("link");

    Story published = story.asPublished("story-id", "first-key", Optional.of(t.minusSeconds(3600)), fromLink);

    assertThat(published.id()).isEqualTo("story-id");
    assertThat(published.storyKey()).isEqualTo("first-key");
    assertThat(published.publishedAt()).contains(t.minusSeconds(3600));
    assertThat(published.quality().guidSource()).contains("link");
    Set<String> changed = Set.of("id", "storyKey", "publishedAt", "quality");
    for (RecordComponent c : Story.class.getRecordComponents()) {
      if (!changed.contains(c.getName())) { // a component added to Story must be carried over too
        assertThat(c.getAccessor().invoke(published)).as(c.getName()).isEqualTo(c.getAccessor().invoke(story));
      }
    }
  }
}
