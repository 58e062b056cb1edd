package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Story;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka refuses a record for good — here the broker's {@code RecordTooLargeException}, because a
 * topic was created by hand with a {@code max.message.bytes} below what {@code
 * publish.maxStoryBytes} lets through. Such a poll must not be retried forever like a broker
 * outage: the refused story goes to dead letters and the feed advances; when even the dead letter
 * is refused, only that poll fails, with a message naming the topic and the error.
 */
class RefusedRecordTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger instances = new AtomicInteger();
  private static final Instant T0 = SyntheticFeeds.EPOCH;

  private final String prefix = "refused" + instances.incrementAndGet();
  private final Topics topics = new Topics(prefix);

  private PublishSettings settings() {
    return TestSettings.settings(kafka.bootstrapServers(), prefix, 1, Duration.ofSeconds(5));
  }

  @Test
  void storyTheBrokerRefusesAsTooLargeIsDeadLetteredAndTheFeedAdvances() throws Exception {
    createTopic(topics.stories(), 20_000);
    Story big = withText(SyntheticFeeds.story(1, 1, 1, T0), incompressible(60_000));
    // many records after the refused one: once it is refused the producer fails every later send
    // of the transaction with that same RecordTooLargeException, and they must not be taken for it
    List<Story> stories = new ArrayList<>();
    for (int seq = 0; seq < 200; seq++) {
      stories.add(seq == 1 ? big : SyntheticFeeds.story(1, seq, 1, T0));
    }
    PollResult poll = SyntheticFeeds.result(1, 0, stories, T0);

    try (StoryPublisher publisher = StoryPublisher.start(settings())) {
      PublishReceipt receipt = publisher.publish(poll);
      PublishReceipt again = publisher.publish(SyntheticFeeds.result(1, 1, poll.stories(), T0.plusSeconds(60)));

      assertThat(receipt.newStories()).isEqualTo(199);
      assertThat(receipt.deadLetters()).isEqualTo(1);
      assertThat(publisher.state("feed-1").orElseThrow().seen().size()).isEqualTo(200);
      assertThat(publisher.state("feed-1").orElseThrow().seen().contains("feed-1-1")).isTrue();
      assertThat(receipt.deadLetterKinds()).containsExactly("kafka-record-too-large");
      assertThat(again.stories()).isEmpty();
      assertThat(again.deadLetters()).as("dead-lettered once per content version").isZero();
    }
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()))
        .extracting(ConsumerRecord::key).hasSize(199).doesNotContain("feed-1-1");
    List<String> letters = values(topics.deadLetters());
    assertThat(letters).singleElement().satisfies(l -> assertThat(l)
        .contains("\"kind\":\"kafka-record-too-large\"")
        .contains("\"storyId\":\"feed-1-1\"")
        .contains(topics.stories()));
  }

  @Test
  void pollWhoseDeadLetterIsRefusedTooFailsAloneAndTheOtherFeedsOfItsTransactionCommit() throws Exception {
    createTopic(topics.stories(), 20_000);
    createTopic(topics.deadLetters(), 2_000);
    Story big = withText(SyntheticFeeds.story(1, 1, 1, T0), incompressible(60_000));
    PollResult stuck = SyntheticFeeds.result(1, 0, List.of(SyntheticFeeds.story(1, 0, 1, T0), big), T0);
    PollResult fine = SyntheticFeeds.result(2, 0, List.of(SyntheticFeeds.story(2, 0, 1, T0)), T0);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger transactions = new AtomicInteger();
    TransactionHook holdFirst = new TransactionHook() {
      @Override
      public void afterSends(List<String> feedIds) {
        if (transactions.getAndIncrement() == 0) {
          awaitQuietly(release);
        }
      }
    };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StoryPublisher publisher = StoryPublisher.start(settings(), holdFirst)) {
      publisher.bindTo(registry);
      CompletableFuture<PublishReceipt> first = call(publisher, SyntheticFeeds.result(3, 0, List.of(), T0));
      await().atMost(Duration.ofSeconds(30)).until(() -> transactions.get() == 1);
      CompletableFuture<PublishReceipt> stuckDone = call(publisher, stuck);
      CompletableFuture<PublishReceipt> fineDone = call(publisher, fine);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> registry.get("feedpipe.publish.queued.polls").gauge().value() == 2);
      release.countDown(); // both polls now go into one transaction

      assertThat(first.get(30, TimeUnit.SECONDS).stories()).isEmpty();
      assertThat(fineDone.get(30, TimeUnit.SECONDS).newStories()).isEqualTo(1);
      assertThatThrownBy(() -> stuckDone.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RecordRefusedException.class)
          .cause()
          .hasMessageContaining(topics.deadLetters())
          .hasMessageContaining("RecordTooLargeException")
          .hasMessageContaining("feed-1");
      assertThat(publisher.state("feed-1")).as("the refused poll did not advance its feed").isEmpty();
      assertThat(publisher.state("feed-2")).isPresent();
      assertThat(publisher.readiness().ready()).as("a refused record is no broker outage").isTrue();
    }
    assertThat(TopicReader.storyEvents(kafka.bootstrapServers(), topics.stories()))
        .extracting(ConsumerRecord::key).containsExactly("feed-2-0");
  }

  private static CompletableFuture<PublishReceipt> call(StoryPublisher publisher, PollResult poll) {
    CompletableFuture<PublishReceipt> done = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        done.complete(publisher.publish(poll));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void createTopic(String name, int maxMessageBytes) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
          .configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes))))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private List<String> values(String topic) {
    return TopicReader.readCommitted(kafka.bootstrapServers(), topic).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  /** Letters and digits at random: lz4 finds nothing to shorten, so the batch stays this large. */
  private static String incompressible(int chars) {
    Random random = new Random(42);
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static Story withText(Story s, String text) {
    return new Story(s.id(), s.guid(), s.url(), s.feed(), s.title(), s.summary(), s.authors(), s.categories(),
        s.language(), s.publishedAt(), s.updatedAt(), s.fetchedAt(), text, s.html(), s.dateline(), s.provenance(),
        s.removed(), s.wordCount(), s.fingerprint(), s.quality());
  }
}
