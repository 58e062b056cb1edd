package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.model.PollResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away for 30 s in the middle of an ingest and comes back on the same port and log
 * directory. Publishing must pause (readiness not ready, nothing committed), resume by itself, and
 * a read_committed subscriber must find every item exactly once.
 */
@Tag("slow")
class BrokerOutageTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final int FEEDS = 3;
  private static final int ITEMS_PER_FEED = 300;

  @Test
  void publishingPausesDuringA30SecondBrokerOutageAndResumesByItselfExactlyOnce() throws Exception {
    PublishSettings settings = TestSettings.settings(kafka.bootstrapServers(), "outage", 2, Duration.ofSeconds(2));
    SyntheticFeeds feeds = new SyntheticFeeds(FEEDS, ITEMS_PER_FEED, 10, 40);
    AtomicInteger commits = new AtomicInteger();
    CountDownLatch twentyCommits = new CountDownLatch(20);
    TransactionHook hook = new TransactionHook() {
      @Override
      public void afterCommit(java.util.List<String> feedIds) {
        commits.incrementAndGet();
        twentyCommits.countDown();
      }
    };
    AtomicInteger unavailable = new AtomicInteger();
    AtomicReference<Throwable> loopFailure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (StoryPublisher publisher = StoryPublisher.start(settings, hook)) {
      Thread loop = Thread.ofPlatform().name("poll-loop").start(() -> {
        try {
          for (int round = 0; round < feeds.rounds(); round++) {
            for (int f = 0; f < FEEDS; f++) {
              PollResult poll = feeds.poll(f, round);
              while (true) {
                try {
                  publisher.publish(poll);
                  break;
                } catch (BrokerUnavailableException e) {
                  unavailable.incrementAndGet();
                  Thread.sleep(200); // the scheduler's pause before retrying the same poll
                }
              }
            }
          }
          done.countDown();
        } catch (Throwable t) {
          loopFailure.set(t);
        }
      });
      assertThat(twentyCommits.await(60, TimeUnit.SECONDS)).isTrue();

      kafka.broker().stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.readiness().ready());
      int commitsWhenDown = commits.get();
      await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(35))
          .until(() -> !publisher.readiness().ready() && commits.get() == commitsWhenDown);
      assertThat(publisher.readiness().reason()).startsWith("broker unavailable");
      kafka.broker().restart();

      assertThat(done.await(120, TimeUnit.SECONDS)).as("the loop finished after the broker came back").isTrue();
      loop.join();
      assertThat(loopFailure.get()).isNull();
      assertThat(publisher.readiness().ready()).isTrue();
      assertThat(unavailable.get()).isPositive();
      assertThat(commits.get()).isGreaterThan(commitsWhenDown);
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), new Topics("outage").stories()));
    assertThat(ExactlyOnceOracle.violations(counts, FEEDS, ITEMS_PER_FEED)).isEmpty();
  }
}
