package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.model.PollResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worst outcome of a commit: the broker commits, but its answer never reaches the client,
 * whose {@code commitTransaction()} times out. A {@link ResponseFreezingProxy} between the
 * publisher and the broker forwards one transaction's EndTxn and swallows everything the broker
 * says after it. The publisher must close its producer, re-read the states and so judge the
 * retried poll as already published: a read_committed subscriber finds every item exactly once.
 */
class CommitLandedButTimedOutTest {
  private static final int FEEDS = 2;
  private static final int ITEMS_PER_FEED = 60;
  private static final int FROZEN_TRANSACTION = 3;

  @TempDir static Path logDir;
  private static ResponseFreezingProxy proxy;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBrokerBehindProxy() throws Exception {
    proxy = ResponseFreezingProxy.bind();
    kafka = EmbeddedKafka.startWithProxiedListener(logDir, proxy.port());
    proxy.forwardTo(kafka.proxiedListenerPort());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    kafka.close();
  }

  @Test
  void commitThatLandedWhileTheClientTimedOutIsNotPublishedAgain() throws Exception {
    PublishSettings settings = TestSettings.settings("127.0.0.1:" + proxy.port(), "landed", 1, Duration.ofSeconds(2));
    SyntheticFeeds feeds = new SyntheticFeeds(FEEDS, ITEMS_PER_FEED, 10, 20);
    AtomicInteger transactions = new AtomicInteger();
    TransactionHook freezeOne = new TransactionHook() {
      @Override
      public void afterSends(List<String> feedIds) {
        if (transactions.incrementAndGet() == FROZEN_TRANSACTION) {
          proxy.freezeAfterNextEndTxn();
        }
      }
    };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> timedOut = new ArrayList<>();
    List<PublishReceipt> retries = new ArrayList<>();
    try (StoryPublisher publisher = StoryPublisher.start(settings, freezeOne)) {
      publisher.bindTo(registry);
      for (int round = 0; round < feeds.rounds(); round++) {
        for (int f = 0; f < FEEDS; f++) {
          Published published = publishPastTheFrozenCommit(publisher, feeds.poll(f, round));
          timedOut.addAll(published.failures());
          if (!published.failures().isEmpty()) {
            retries.add(published.receipt());
          }
        }
      }
      assertThat(registry.get("feedpipe.publish.producer.recreations").functionCounter().count()).isEqualTo(1);
    }
    assertThat(timedOut).singleElement().asString().contains("failed at commit");
    assertThat(retries).singleElement().satisfies(r -> {
      assertThat(r.stories()).as("the retried poll had committed already").isEmpty();
      assertThat(r.unchangedStories()).isPositive();
    });
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), new Topics("landed").stories()));
    assertThat(ExactlyOnceOracle.violations(counts, FEEDS, ITEMS_PER_FEED)).isEmpty();
  }

  @Test
  void theStatesAreReReadOnlyFromAfterTheLastCommitThatIsKnownToHaveLanded() throws Exception { // #22
    PublishSettings settings = TestSettings.settings("127.0.0.1:" + proxy.port(), "reread", 2, Duration.ofSeconds(2));
    SyntheticFeeds feeds = new SyntheticFeeds(FEEDS, ITEMS_PER_FEED, 10, 20);
    try (StoryPublisher earlier = StoryPublisher.start(settings)) {
      for (int round = 0; round < 3; round++) {
        for (int f = 0; f < FEEDS; f++) {
          earlier.publish(feeds.poll(f, round));
        }
      }
    }
    List<String> restores = new CopyOnWriteArrayList<>();
    AtomicInteger transactions = new AtomicInteger();
    TransactionHook hook = new TransactionHook() {
      @Override
      public void afterSends(List<String> feedIds) {
        if (transactions.incrementAndGet() == 5) {
          proxy.freezeAfterNextEndTxn();
        }
      }

      @Override
      public void afterRestore(long records, boolean fromTheBeginning) {
        restores.add(records + (fromTheBeginning ? " from the beginning" : " since the last read"));
      }
    };
    try (StoryPublisher publisher = StoryPublisher.start(settings, hook)) {
      assertThat(restores).containsExactly("6 from the beginning");
      for (int round = 3; round < feeds.rounds(); round++) {
        for (int f = 0; f < FEEDS; f++) {
          publishPastTheFrozenCommit(publisher, feeds.poll(f, round));
        }
      }
      // four commits, then the one that landed unseen: only its state record is read again, not the
      // five written since the first read
      assertThat(restores).containsExactly("6 from the beginning", "1 since the last read");
      assertThat(publisher.states()).hasSize(FEEDS);
    }
    Map<String, Integer> counts =
        ExactlyOnceOracle.count(TopicReader.storyEvents(kafka.bootstrapServers(), new Topics("reread").stories()));
    assertThat(ExactlyOnceOracle.violations(counts, FEEDS, ITEMS_PER_FEED)).isEmpty();
  }

  /** A poll's receipt, and the messages of the attempts that failed before it. */
  private record Published(PublishReceipt receipt, List<String> failures) {}

  /** Publishes the poll, again after a failure, which only the frozen commit may cause. */
  private static Published publishPastTheFrozenCommit(StoryPublisher publisher, PollResult poll) throws InterruptedException {
    List<String> failures = new ArrayList<>();
    while (true) {
      try {
        return new Published(publisher.publish(poll), failures);
      } catch (BrokerUnavailableException e) {
        assertThat(proxy.awaitFrozen(Duration.ZERO)).as("only the frozen commit fails: %s", e).isTrue();
        failures.add(e.getMessage());
      }
    }
  }
}
