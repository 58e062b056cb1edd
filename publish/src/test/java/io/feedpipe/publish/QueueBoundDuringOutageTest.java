package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory stays bounded while the broker is down: many callers publish at once, at most {@code
 * publish.maxQueuedPolls} poll results wait for the publishing thread (the {@code
 * feedpipe.publish.queued.polls} gauge and the queue's high-water mark), the surplus callers block
 * in {@code publish}, queued polls fail with {@link BrokerUnavailableException}; when the broker is
 * back every poll is published exactly once.
 */
class QueueBoundDuringOutageTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final int CALLERS = 16;
  private static final int ITEMS = 10;
  private static final int MAX_QUEUED = 4;
  private static final int PER_TRANSACTION = 2;

  @Test
  void atMostMaxQueuedPollsWaitDuringAnOutageAndSurplusCallersBlock() throws Exception {
    PublishSettings settings = PublishSettings.from(TestSettings.values(kafka.bootstrapServers(), "bound", 1, Duration.ofSeconds(1))
        .with(PublishSettings.MAX_POLLS_PER_TRANSACTION, PER_TRANSACTION).with(PublishSettings.MAX_QUEUED_POLLS, MAX_QUEUED));
    SyntheticFeeds feeds = new SyntheticFeeds(CALLERS, ITEMS, ITEMS, ITEMS);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger inPublish = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch brokerBack = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (StoryPublisher publisher = StoryPublisher.start(settings)) {
      publisher.bindTo(registry);
      publisher.publish(SyntheticFeeds.result(99, 0, List.of(), SyntheticFeeds.EPOCH)); // producer warm
      kafka.broker().stop();

      List<Thread> callers = new ArrayList<>();
      for (int f = 0; f < CALLERS; f++) {
        int feed = f;
        callers.add(Thread.ofVirtual().start(() -> {
          try {
            while (true) {
              inPublish.incrementAndGet();
              try {
                publisher.publish(feeds.poll(feed, 0));
                return;
              } catch (BrokerUnavailableException e) {
                refused.incrementAndGet();
                brokerBack.await(); // the scheduler's pause; retried once the broker is back
              } finally {
                inPublish.decrementAndGet();
              }
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      // a full queue while more callers are inside publish than the publisher can hold (queue +
      // one transaction's polls): the rest are blocked waiting for room
      await("a full queue of " + MAX_QUEUED + " polls while surplus callers wait in publish")
          .atMost(Duration.ofSeconds(30)).until(() ->
          registry.get("feedpipe.publish.queued.polls").gauge().value() == MAX_QUEUED
              && inPublish.get() > MAX_QUEUED + PER_TRANSACTION);
      await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() > 0);
      assertThat(publisher.readiness().ready()).isFalse();

      kafka.broker().restart();
      brokerBack.countDown();
      for (Thread t : callers) {
        assertThat(t.join(Duration.ofSeconds(90))).as("caller finished").isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(publisher.queuedPollsPeak()).as("high-water mark of the queue").isEqualTo(MAX_QUEUED);
      assertThat(registry.get("feedpipe.publish.queued.polls").gauge().value()).isZero();
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), new Topics("bound").stories()));
    assertThat(ExactlyOnceOracle.violations(counts, CALLERS, ITEMS)).isEmpty();
  }
}
