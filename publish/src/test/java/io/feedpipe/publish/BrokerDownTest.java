package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.PollResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The quick, always-run sibling of {@link BrokerOutageTest}: one poll refused while the broker is down. */
class BrokerDownTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @Test
  void pollPublishedWhileTheBrokerIsDownIsRefusedWithinBoundsAndCommitsOnceWhenItIsBack() throws Exception {
    PublishSettings settings = PublishSettings.defaults(kafka.bootstrapServers())
        .withTopicPrefix("down").withTransactionalId("down-tx").withTopicLayout(1, (short) 1, (short) 1)
        .withMaxBlock(Duration.ofSeconds(1));
    SyntheticFeeds feeds = new SyntheticFeeds(1, 40, 20, 20);
    try (StoryPublisher publisher = StoryPublisher.start(settings)) {
      publisher.publish(feeds.poll(0, 0));
      PollResult second = feeds.poll(0, 1);

      kafka.broker().stop();
      long began = System.nanoTime();
      assertThatThrownBy(() -> publisher.publish(second))
          .isInstanceOf(BrokerUnavailableException.class)
          .hasMessageContaining(kafka.bootstrapServers());
      Duration refusedAfter = Duration.ofNanos(System.nanoTime() - began);
      assertThat(refusedAfter).as("bounded by about 3 x kafka.maxBlock").isLessThan(Duration.ofSeconds(5));
      assertThat(publisher.readiness().ready()).isFalse();
      assertThat(SyntheticFeeds.committedRound(publisher.state("feed-0"))).as("state did not advance").isZero();

      kafka.broker().restart();
      PublishReceipt receipt = null;
      while (receipt == null) {
        try {
          receipt = publisher.publish(second);
        } catch (BrokerUnavailableException e) {
          assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(60));
        }
      }
      assertThat(receipt.newStories()).isEqualTo(20);
      assertThat(publisher.readiness().ready()).isTrue();
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), new Topics("down").stories()));
    assertThat(ExactlyOnceOracle.violations(counts, 1, 40)).isEmpty();
  }
}
