package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
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
  void startGivesUpWithAMessageNamingTheSettingsWhenNoBrokerAnswers() throws Exception {
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    PublishSettings settings = PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:" + deadPort)
        .with(PublishSettings.MAX_BLOCK, Duration.ofSeconds(1)).with(PublishSettings.START_TIMEOUT, Duration.ofSeconds(2)));

    assertThatThrownBy(() -> StoryPublisher.start(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + deadPort)
        .hasMessageContaining("kafka.bootstrapServers")
        .hasMessageContaining("publish.startTimeout");
  }

  @Test
  void pollPublishedWhileTheBrokerIsDownIsRefusedWithinBoundsAndCommitsOnceWhenItIsBack() throws Exception {
    PublishSettings settings = TestSettings.settings(kafka.bootstrapServers(), "down", 1, Duration.ofSeconds(1));
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
