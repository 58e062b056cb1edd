package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {
  private final Topics topics = new Topics("news");

  @Test
  void eachTopicHasItsRoleAndOthersHaveNone() {
    for (Topics.Role role : Topics.Role.values()) {
      assertThat(topics.roleOf(topics.name(role))).contains(role);
    }
    assertThat(topics.roleOf("news.stories")).contains(Topics.Role.STORIES);
    assertThat(topics.roleOf("news.feed-state")).contains(Topics.Role.FEED_STATE);
    assertThat(topics.roleOf("other.stories")).isEmpty();
    assertThat(topics.roleOf("news.stories.flagged")).contains(Topics.Role.FLAGGED);
  }
}
