package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A feed removed from the configuration is forgotten: its state and status records are deleted. */
class ForgetFeedTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final Instant T0 = SyntheticFeeds.EPOCH;

  @Test
  void aForgottenFeedHasNoStateAfterARestartAndStartsAfresh() throws Exception { // #22
    Topics topics = new Topics("forget");
    PublishSettings settings = TestSettings.settings(kafka.bootstrapServers(), "forget", 2, Duration.ofSeconds(5));
    try (StoryPublisher publisher = StoryPublisher.start(settings)) {
      publisher.publish(SyntheticFeeds.result(1, 0, stories(1), T0));
      publisher.publish(SyntheticFeeds.result(2, 0, stories(2), T0));

      publisher.forget("feed-1");

      assertThat(publisher.state("feed-1")).isEmpty();
      assertThat(publisher.state("feed-2")).isPresent();
    }
    try (StoryPublisher restarted = StoryPublisher.start(settings)) {
      assertThat(restarted.states()).extracting(s -> s.feedId()).containsExactly("feed-2");
      PublishReceipt again = restarted.publish(SyntheticFeeds.result(1, 1, stories(1), T0.plusSeconds(60)));
      assertThat(again.newStories()).as("published again, as new").isEqualTo(3);
    }
    List<ConsumerRecord<String, byte[]>> statuses = TopicReader.readCommitted(kafka.bootstrapServers(), topics.feedStatus());
    assertThat(statuses).filteredOn(r -> r.key().equals("feed-1")).extracting(r -> r.value() == null)
        .containsExactly(false, true, false);
  }

  private static List<Story> stories(int feed) {
    List<Story> stories = new ArrayList<>();
    for (int seq = 0; seq < 3; seq++) {
      stories.add(SyntheticFeeds.story(feed, seq, 1, T0));
    }
    return stories;
  }
}
