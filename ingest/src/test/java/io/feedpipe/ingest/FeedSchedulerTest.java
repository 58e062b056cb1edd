package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedDefinition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FeedSchedulerTest {
  private static ScheduleSettings settings(int concurrency) {
    return ScheduleSettings.from(SettingValues.defaults()
        .with(ScheduleSettings.GLOBAL_CONCURRENCY, concurrency).with(ScheduleSettings.SHUTDOWN_TIMEOUT, Duration.ofSeconds(2)));
  }

  private static List<FeedDefinition> feeds(int n) {
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      feeds.add(FeedDefinition.of(URI.create("https://feeds.example/" + i)));
    }
    return feeds;
  }

  @Test
  void pollsEveryFeedAgainWhenItsTaskSaysSo() {
    Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    InstantSource clock = InstantSource.system();
    try (FeedScheduler scheduler = new FeedScheduler(settings(4), clock, feed -> {
      polls.computeIfAbsent(feed.id(), k -> new AtomicInteger()).incrementAndGet();
      return clock.instant().plusMillis(20);
    })) {
      scheduler.start(feeds(10), feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(10)).until(() ->
          polls.size() == 10 && polls.values().stream().allMatch(c -> c.get() >= 3));
    }
  }

  @Test
  void neverRunsMoreThanTheGlobalConcurrencyAtOnce() {
    // every feed on its own host, so only the global bound (3) can hold them back
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      feeds.add(FeedDefinition.of(URI.create("https://host" + i + ".example/feed")));
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (FeedScheduler scheduler = new FeedScheduler(settings(3), InstantSource.system(), feed -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      release.await();
      running.decrementAndGet();
      done.incrementAndGet();
      return Instant.MAX;
    })) {
      scheduler.start(feeds, feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
      // 27 feeds are due and waiting: none may start while three polls hold the slots
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> running.get() == 3);
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 30);
    }
    assertThat(peak.get()).isEqualTo(3);
  }

  @Test
  void startsEachFeedAtItsRememberedDueTime() {
    Map<String, Instant> firstPoll = new ConcurrentHashMap<>();
    InstantSource clock = InstantSource.system();
    List<FeedDefinition> feeds = feeds(2);
    Instant later = clock.instant().plusMillis(400);
    try (FeedScheduler scheduler = new FeedScheduler(settings(2), clock, feed -> {
      firstPoll.putIfAbsent(feed.id(), clock.instant());
      return Instant.MAX;
    })) {
      scheduler.start(feeds, feed -> feed.equals(feeds.get(1)) ? Optional.of(later) : Optional.empty());
      await().atMost(Duration.ofSeconds(5)).until(() -> firstPoll.size() == 2);
    }
    assertThat(firstPoll.get(feeds.get(1).id())).isAfterOrEqualTo(later);
    assertThat(firstPoll.get(feeds.get(0).id())).isBefore(later);
  }

  @Test
  void closeInterruptsRunningPollsAndReturnsPromptly() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    FeedScheduler scheduler = new FeedScheduler(settings(2), InstantSource.system(), feed -> {
      started.countDown();
      try {
        Thread.sleep(Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return Instant.MAX;
    });
    scheduler.start(feeds(1), feed -> Optional.empty());
    assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    scheduler.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(interrupted.getCount()).isZero();
  }

  @Test
  void aTaskThatThrowsDoesNotStopItsFeed() {
    AtomicInteger calls = new AtomicInteger();
    ScheduleSettings fast = ScheduleSettings.from(SettingValues.defaults()
        .with(ScheduleSettings.DEFAULT_INTERVAL, Duration.ofMillis(50)).with(ScheduleSettings.MIN_INTERVAL, Duration.ofMillis(10))
        .with(ScheduleSettings.JITTER, 0.0).with(ScheduleSettings.GLOBAL_CONCURRENCY, 2)
        .with(ScheduleSettings.SHUTDOWN_TIMEOUT, Duration.ofSeconds(2)));
    try (FeedScheduler scheduler = new FeedScheduler(fast, InstantSource.system(), feed -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return Instant.MAX;
    })) {
      scheduler.start(feeds(1), feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
    }
  }

  @Test
  void feedsWaitingForASlowHostHoldNoSlotOtherHostsNeed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastDone = new CountDownLatch(1);
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      feeds.add(FeedDefinition.of(URI.create("https://slow.example/" + i)));
    }
    feeds.add(FeedDefinition.of(URI.create("https://fast.example/rss")));
    try (FeedScheduler scheduler = new FeedScheduler(settings(3), InstantSource.system(), feed -> {
      if (feed.url().getHost().equals("fast.example")) {
        fastDone.countDown();
      } else {
        release.await();
      }
      return Instant.MAX;
    })) {
      scheduler.start(feeds, feed -> Optional.empty());
      assertThat(fastDone.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }
  }

  @Test
  void thePerHostBoundCountsTheHostATaskSaysAFeedIsPolledAtNotTheConfiguredOne() throws Exception { // #18
    FeedDefinition moved = FeedDefinition.of(URI.create("https://old.example/rss"));
    FeedDefinition resident = FeedDefinition.of(URI.create("https://new.example/rss"));
    CountDownLatch residentStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger movedPolls = new AtomicInteger();
    PollTask task = new PollTask() {
      @Override
      public Instant poll(FeedDefinition feed) throws InterruptedException {
        if (feed.equals(resident)) {
          residentStarted.countDown();
          release.await();
        } else {
          movedPolls.incrementAndGet();
        }
        return Instant.MAX;
      }

      @Override
      public URI urlOf(FeedDefinition feed) {
        return feed.equals(moved) ? URI.create("https://new.example/moved-here") : feed.url();
      }
    };
    ScheduleSettings onePerHost = ScheduleSettings.from(SettingValues.defaults()
        .with(ScheduleSettings.PER_HOST_CONCURRENCY, 1).with(ScheduleSettings.SHUTDOWN_TIMEOUT, Duration.ofSeconds(2)));
    try (FeedScheduler scheduler = new FeedScheduler(onePerHost, InstantSource.system(), task)) {
      Instant later = Instant.now().plusMillis(200);
      scheduler.start(List.of(resident, moved), feed -> feed.equals(moved) ? Optional.of(later) : Optional.empty());
      assertThat(residentStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      // the moved feed is due while the resident one holds new.example's only slot: it must wait
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> movedPolls.get() == 0);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> movedPolls.get() == 1);
    }
  }

  @Test
  void aFeedPutWhileTheSchedulerRunsIsPolledAtOnce() { // #22
    Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    try (FeedScheduler scheduler = new FeedScheduler(settings(4), InstantSource.system(), feed -> {
      polls.computeIfAbsent(feed.id(), k -> new AtomicInteger()).incrementAndGet();
      return Instant.MAX;
    })) {
      scheduler.start(List.of(), feed -> Optional.empty());
      FeedDefinition added = FeedDefinition.of(URI.create("https://added.example/rss"));

      scheduler.put(added);

      await().atMost(Duration.ofSeconds(5)).until(() -> polls.containsKey(added.id()));
      assertThat(scheduler.feeds()).containsOnlyKeys(added.id());
    }
  }

  @Test
  void aRemovedFeedIsPolledNoMore() { // #22
    List<FeedDefinition> two = feeds(2);
    Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    InstantSource clock = InstantSource.system();
    try (FeedScheduler scheduler = new FeedScheduler(settings(4), clock, feed -> {
      polls.computeIfAbsent(feed.id(), k -> new AtomicInteger()).incrementAndGet();
      return clock.instant().plusMillis(20);
    })) {
      scheduler.start(two, feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(5)).until(() -> polls.size() == 2);

      assertThat(scheduler.remove(two.get(0).id())).isTrue();
      int after = polls.get(two.get(0).id()).get();

      // the other feed goes on being polled every 20 ms; the removed one at most finishes the poll it was in
      int others = polls.get(two.get(1).id()).get();
      await().atMost(Duration.ofSeconds(5)).until(() -> polls.get(two.get(1).id()).get() >= others + 10);
      assertThat(polls.get(two.get(0).id()).get()).isBetween(after, after + 1);
      assertThat(scheduler.feeds()).containsOnlyKeys(two.get(1).id());
      assertThat(scheduler.remove(two.get(0).id())).as("removed already").isFalse();
    }
  }

  @Test
  void aRedefinedFeedIsPolledWithItsNewDefinitionWhenTheNewOneIsDue() { // #22
    FeedDefinition before = new FeedDefinition("f", URI.create("https://a.example/rss"), Optional.of("A"), List.of(),
        Optional.empty(), Map.of());
    FeedDefinition after = new FeedDefinition("f", URI.create("https://b.example/rss"), Optional.of("B"), List.of(),
        Optional.empty(), Map.of());
    List<FeedDefinition> polled = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (FeedScheduler scheduler = new FeedScheduler(settings(4), InstantSource.system(), feed -> {
      polled.add(feed);
      return Instant.now().plus(Duration.ofHours(1)); // not again for an hour, unless redefined
    })) {
      // the old definition's next poll is far off; the new one is due at once
      scheduler.start(List.of(before), feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(5)).until(() -> polled.size() == 1);

      scheduler.put(after);

      await().atMost(Duration.ofSeconds(5)).until(() -> polled.size() == 2);
      assertThat(polled).containsExactly(before, after);
      assertThat(scheduler.feeds()).containsEntry("f", after);
      scheduler.put(after); // the same definition again changes nothing
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> polled.size() == 2);
    }
  }

  @Test
  void aFeedRemovedAndPutBackDuringItsPollIsNeverPolledTwiceAtOnce() throws Exception { // #22
    FeedDefinition feed = FeedDefinition.of(URI.create("https://once.example/rss"));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger polls = new AtomicInteger();
    CountDownLatch inFirstPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (FeedScheduler scheduler = new FeedScheduler(settings(4), InstantSource.system(), f -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      if (polls.incrementAndGet() == 1) {
        inFirstPoll.countDown();
        release.await();
      }
      running.decrementAndGet();
      return Instant.MAX;
    })) {
      scheduler.start(List.of(feed), f -> Optional.empty());
      assertThat(inFirstPoll.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      scheduler.remove(feed.id());
      scheduler.put(feed);
      release.countDown();

      await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 2);
    }
    assertThat(peak.get()).isEqualTo(1);
  }

  /**
   * #23: a feed waiting for its next poll holds no thread, so nothing a poll leaves in
   * thread-locals (the JDK XML parser keeps ~16 KB of buffers there) stays on the heap per feed.
   */
  @Test
  void eachPollRunsOnAThreadOfItsOwnSoNoThreadLocalOutlivesIt() {
    ThreadLocal<String> leftByAPoll = new ThreadLocal<>();
    List<String> found = new java.util.concurrent.CopyOnWriteArrayList<>();
    InstantSource clock = InstantSource.system();
    try (FeedScheduler scheduler = new FeedScheduler(settings(2), clock, feed -> {
      found.add(String.valueOf(leftByAPoll.get()));
      leftByAPoll.set("buffer of an earlier poll");
      return clock.instant().plusMillis(10);
    })) {
      scheduler.start(feeds(2), feed -> Optional.empty());
      await().atMost(Duration.ofSeconds(10)).until(() -> found.size() >= 6);
    }
    assertThat(found).containsOnly("null");
  }

  /**
   * #23: a feed removed while it waits and put back due when it was due before is polled then,
   * though the timer was waiting for that same time on the feed's stale entry.
   */
  @Test
  void aFeedPutBackDueWhenItWasDueIsPolledThen() {
    FeedDefinition feed = feeds(1).get(0);
    Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
    Instant due = now[0].plus(Duration.ofHours(1));
    AtomicInteger polls = new AtomicInteger();
    try (FeedScheduler scheduler = new FeedScheduler(settings(2), () -> now[0], f -> {
      polls.incrementAndGet();
      return due;
    })) {
      scheduler.start(List.of(feed), f -> polls.get() == 0 ? Optional.empty() : Optional.of(due));
      await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 1); // now it waits an hour for due

      scheduler.remove(feed.id());
      now[0] = due;
      scheduler.put(feed);

      await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() >= 2);
    }
  }

  @Test
  void putBeforeStartIsRefused() {
    try (FeedScheduler scheduler = new FeedScheduler(settings(1), InstantSource.system(), f -> Instant.MAX)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler.put(feeds(1).get(0)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("before start");
    }
  }
}
