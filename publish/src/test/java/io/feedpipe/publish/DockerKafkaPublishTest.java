package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.feedpipe.model.Story;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * #19: the publish path against the broker docker compose deploys — the {@code apache/kafka} image
 * and tag of {@code docker/compose.yaml} — where a Docker engine answers; skipped, saying so,
 * where none does (every other broker test uses the in-JVM broker of embedded-kafka).
 */
@Tag("docker")
class DockerKafkaPublishTest {

  @Test
  void storiesArePublishedOnceAndTheStateRestoredOnTheComposeKafkaImage() throws Exception {
    String image = composeKafkaImage();
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine answers here: the publish test against " + image + " was skipped");
    try (KafkaContainer kafka = new KafkaContainer(image)) {
      kafka.start();
      PublishSettings settings = TestSettings.settings(kafka.getBootstrapServers(), "docker", 2, Duration.ofSeconds(10));
      List<Story> stories = IntStream.range(0, 10).mapToObj(seq -> SyntheticFeeds.story(0, seq, 1, SyntheticFeeds.EPOCH))
          .toList();

      try (StoryPublisher publisher = StoryPublisher.start(settings)) {
        assertThat(publisher.publish(SyntheticFeeds.result(0, 0, stories, SyntheticFeeds.EPOCH)).newStories()).isEqualTo(10);
      }
      try (StoryPublisher restarted = StoryPublisher.start(settings)) {
        assertThat(restarted.publish(SyntheticFeeds.result(0, 1, stories, SyntheticFeeds.EPOCH)).newStories()).isZero();
      }
      assertThat(ExactlyOnceOracle.violations(ExactlyOnceOracle.count(
          TopicReader.storyEvents(kafka.getBootstrapServers(), new Topics("docker").stories())), 1, 10)).isEmpty();
    }
  }

  /** The Kafka image of docker/compose.yaml, so this test and the deployment use the same broker. */
  static String composeKafkaImage() throws IOException {
    String compose = Files.readString(Path.of("..", "docker", "compose.yaml"));
    Matcher m = Pattern.compile("image:\\s*(apache/kafka:[\\w.-]+)").matcher(compose);
    assertThat(m.find()).as("an apache/kafka image in docker/compose.yaml").isTrue();
    return m.group(1);
  }
}
