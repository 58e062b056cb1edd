package io.feedpipe.ingest.benchmarks;

import io.feedpipe.config.SettingValues;
import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.FeedScheduler;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls N feeds served by {@link FeedServer} (in a child JVM on 127.0.0.1) through the real door:
 * {@link FeedScheduler} → {@link FeedIngestor#poll}. Reports, for the first cycle (all 200s) and a
 * steady-state cycle (all 304s): polls per second, CPU seconds of this JVM per 1,000 polls, and
 * peak heap. Not a test: run it by hand (see the module README).
 *
 * <p>Usage: {@code PollBenchmark N [N...]} (default 1000 10000).
 */
public final class PollBenchmark {
  private PollBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1000, 10000);
    }
    Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), FeedServer.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      int port = Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8)).readLine().strip());
      System.out.printf(Locale.ROOT, "JVM %s, %d cores, max heap %d MB, server on 127.0.0.1:%d (own JVM)%n",
          Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, port);
      System.out.printf("%-7s %-13s %8s %9s %12s %14s %s%n", "feeds", "cycle", "polls", "polls/s", "CPU s/1000",
          "peak heap MB", "outcomes");
      for (int n : sizes) {
        run(n, port);
      }
    } finally {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void run(int n, int port) throws Exception {
    // Every feed lives on 127.0.0.1 here; the per-host limit stands in for many hosts.
    IngestSettings settings = IngestSettings.from(SettingValues.defaults()
        .with(FetchSettings.CONTACT, "bench@localhost")
        .with(FetchSettings.ALLOWED_ADDRESSES, List.of("127.0.0.1/32"))
        .with(FetchSettings.PER_HOST_CONCURRENCY, 64)
        .with(FetchSettings.PER_HOST_MIN_GAP, Duration.ZERO)
        .with(ScheduleSettings.GLOBAL_CONCURRENCY, 64));
    ScheduleSettings schedule = settings.schedule();
    List<FeedDefinition> feeds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      feeds.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + port + "/feed/" + i)));
    }
    Map<String, FeedState> states = new ConcurrentHashMap<>();
    feeds.forEach(f -> states.put(f.id(), FeedState.initial(f.id(), f.url())));
    try (FeedIngestor ingestor = FeedIngestor.create(settings, InstantSource.system())) {
      cycle("first", n, feeds, states, ingestor, schedule);
      cycle("steady", n, feeds, states, ingestor, schedule);
    }
  }

  private static void cycle(String name, int n, List<FeedDefinition> feeds, Map<String, FeedState> states,
      FeedIngestor ingestor, ScheduleSettings schedule) throws InterruptedException {
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    Map<PollOutcome, AtomicLong> outcomes = new EnumMap<>(PollOutcome.class);
    for (PollOutcome o : PollOutcome.values()) {
      outcomes.put(o, new AtomicLong());
    }
    AtomicLong items = new AtomicLong();
    CountDownLatch done = new CountDownLatch(n);
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    try (FeedScheduler scheduler = new FeedScheduler(schedule, InstantSource.system(), feed -> {
      IngestResult result = ingestor.poll(feed, states.get(feed.id()));
      states.put(feed.id(), result.nextState());
      outcomes.get(result.status().outcome()).incrementAndGet();
      items.addAndGet(result.items().size());
      done.countDown();
      return Instant.MAX; // one poll per feed per measured cycle
    })) {
      scheduler.start(feeds, feed -> Optional.empty());
      done.await();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    StringBuilder summary = new StringBuilder();
    outcomes.forEach((o, c) -> {
      if (c.get() > 0) {
        summary.append(o.label()).append('=').append(c.get()).append(' ');
      }
    });
    summary.append("items=").append(items.get());
    System.out.printf(Locale.ROOT, "%-7d %-13s %8d %9.0f %12.2f %14d %s%n", n, name + (name.equals("first") ? " (200s)" : " (304s)"),
        n, n / seconds, cpuSeconds * 1000 / n, peak >> 20, summary);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
