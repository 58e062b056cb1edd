package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.PollOutcome;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-host limits: a busy host is not hammered, and other hosts do not wait for it. */
class PolitenessTest {

  private static IngestSettings settings(int perHost, Duration gap) {
    return IngestSettings.from(Feeds.loopbackValues()
        .with(FetchSettings.READ_TIMEOUT, Duration.ofSeconds(10)).with(FetchSettings.CALL_TIMEOUT, Duration.ofSeconds(10))
        .with(FetchSettings.PER_HOST_CONCURRENCY, perHost).with(FetchSettings.PER_HOST_MIN_GAP, gap));
  }

  private static FeedIngestor ingestor(IngestSettings settings) {
    return FeedIngestor.create(settings, InstantSource.system(), host -> List.of(InetAddress.getByName("127.0.0.1")));
  }

  @Test
  void atMostTwoRequestsRunAtOnceAgainstOneHostWhileAnotherHostIsServed() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (LocalServer server = new LocalServer();
        FeedIngestor ingestor = ingestor(settings(2, Duration.ZERO));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      server.route("/slow", ex -> {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
      });
      server.route("/fast", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));
      List<Future<IngestResult>> slow = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        FeedDefinition feed = FeedDefinition.of(URI.create("http://slow.test:" + server.port() + "/slow?n=" + i));
        slow.add(threads.submit(() -> ingestor.poll(feed, Feeds.initial(feed))));
      }
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 2);

      FeedDefinition other = FeedDefinition.of(URI.create("http://fast.test:" + server.port() + "/fast"));
      IngestResult fast = ingestor.poll(other, Feeds.initial(other));
      assertThat(fast.status().outcome()).isEqualTo(PollOutcome.OK);

      release.countDown();
      for (Future<IngestResult> f : slow) {
        assertThat(f.get(10, TimeUnit.SECONDS).status().outcome()).isEqualTo(PollOutcome.OK);
      }
      assertThat(peak.get()).isEqualTo(2);
    }
  }

  @Test
  void requestsToOneHostStartAtLeastTheMinimumGapApart() throws Exception {
    // The gap is kept between request starts on the client; the server may handle two arrivals
    // back to back when its own threads are late (a loaded machine), so the test measures what the
    // client cannot shorten: four requests to one host span at least three gaps. HostGatesTest
    // checks each wait exactly.
    List<Long> starts = new CopyOnWriteArrayList<>();
    long before;
    try (LocalServer server = new LocalServer();
        FeedIngestor ingestor = ingestor(settings(4, Duration.ofMillis(150)));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      server.route("/rss", ex -> {
        starts.add(System.nanoTime());
        LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
      });
      List<Future<IngestResult>> polls = new ArrayList<>();
      before = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        FeedDefinition feed = FeedDefinition.of(URI.create("http://gap.test:" + server.port() + "/rss?n=" + i));
        polls.add(threads.submit(() -> ingestor.poll(feed, Feeds.initial(feed))));
      }
      for (Future<IngestResult> f : polls) {
        f.get(10, TimeUnit.SECONDS);
      }
    }
    assertThat(Optional.of(starts.size())).contains(4);
    long lastStart = starts.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(Duration.ofNanos(lastStart - before)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
  }
}
