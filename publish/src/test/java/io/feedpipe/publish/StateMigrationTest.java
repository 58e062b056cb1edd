package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.Story;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Feed state written by the JSON format (before the compact state) restores, and the next poll rewrites it. */
class StateMigrationTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @Test
  void stateInTheJsonFormatRestoresAndTheNextPollPublishesOnlyWhatIsNewOrChanged() throws Exception {
    Topics topics = new Topics("migrate");
    PublishSettings settings = TestSettings.settings(kafka.bootstrapServers(), "migrate", 2, Duration.ofSeconds(5));
    Map<String, byte[]> written = Map.of("feed-1", FeedStateCodecTest.fixture("busy-feed.json"),
        "moved-feed", FeedStateCodecTest.fixture("moved-feed.json"),
        "gone-feed", FeedStateCodecTest.fixture("gone-feed.json"));
    try (StoryPublisher first = StoryPublisher.start(settings); // creates the topics
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      written.forEach((feed, value) -> producer.send(new ProducerRecord<>(topics.feedState(), feed, value)));
      producer.flush();
    }

    try (StoryPublisher publisher = StoryPublisher.start(settings)) {
      for (Map.Entry<String, byte[]> e : written.entrySet()) {
        assertThat(publisher.state(e.getKey())).as(e.getKey()).contains(FeedStateCodec.decode(e.getValue()));
      }
      // the busy feed's next round: 111..122 in the feed, 120..122 new, 119 changed since (see the fixture's poll)
      Instant at = Instant.parse("2026-11-28T06:00:00.123456Z").plus(Duration.ofMinutes(37L * 40));
      List<Story> stories = new ArrayList<>();
      for (int seq = 111; seq < 123; seq++) {
        stories.add(SyntheticFeeds.story(1, seq, seq % 7 == 0 ? 1 + Math.min(2, (123 - seq) / 4) : 1, at));
      }
      PublishReceipt receipt = publisher.publish(SyntheticFeeds.result(1, 40, stories, at));

      assertThat(receipt.stories()).containsExactlyInAnyOrder(new PublishedStory("feed-1-119", 2),
          new PublishedStory("feed-1-120", 1), new PublishedStory("feed-1-121", 1), new PublishedStory("feed-1-122", 1));
      FeedState after = publisher.state("feed-1").orElseThrow();
      assertThat(after.seen().contains("feed-1-0")).as("remembered from before, not in this poll").isTrue();
    }

    List<ConsumerRecord<String, byte[]>> states = TopicReader.readCommitted(kafka.bootstrapServers(), topics.feedState());
    ConsumerRecord<String, byte[]> rewritten = states.get(states.size() - 1);
    assertThat(rewritten.key()).isEqualTo("feed-1");
    assertThat(rewritten.value()[0]).as("format 1").isEqualTo(FeedStateCodec.FORMAT);
    // each story now carries its identity (#24): 56 bytes more than the hashes, still well under the JSON
    assertThat(rewritten.value().length).isLessThan(written.get("feed-1").length * 2 / 3);
  }
}
