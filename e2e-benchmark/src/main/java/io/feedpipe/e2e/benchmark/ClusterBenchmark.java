package io.feedpipe.e2e.benchmark;

import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.cluster.ClusterStage;
import io.feedpipe.config.SettingValues;
import io.feedpipe.e2e.benchmark.EndToEndBenchmark.ServiceRun;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.publish.PublishSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Does the cluster stage keep up with the service? In one JVM, broker and run: the real {@link
 * io.feedpipe.app.FeedpipeService} (stage off) ingests F synthetic feeds of M items — one item in
 * ten a wire copy on every feed, one in ten one page on every feed — timed as {@link
 * EndToEndBenchmark} times it; then a {@link ClusterStage} started on that stories topic (as {@code
 * feedpipe cluster} starts it) works through all F×M events, timed until a {@code read_committed}
 * consumer has seen every cluster record (one per story that reached the unique topic). Prints both
 * rates and their ratio: at least 1 means the stage keeps up with the service on this machine;
 * both over the whole run and over its steady part ({@link Steady}: from 20 % to 90 % of the work
 * done, so that the stage's start and last commit fall outside; the warm-up rounds run the stage
 * too, so both are warm, and {@code --items 600} makes the steady part several seconds long); and
 * the stage's whole cost per event: CPU over its run by thread kind ({@link ThreadCpu}: its stream
 * thread, its clients' I/O threads, the broker's threads, GC, JIT) and bytes by topic ({@link
 * TopicGrowth}).
 *
 * <p>Args (all optional): {@code --feeds F} (50), {@code --items M} (200), {@code --warmup-rounds
 * R} (3: unmeasured runs of both first, for the JIT), {@code --concurrency C} (16), {@code
 * --timeout-seconds T} (600), {@code --kafka.streams.NAME VALUE} (a Kafka Streams config of the
 * stage, as {@code kafka.streams.*} sets it).
 */
public final class ClusterBenchmark {
  private ClusterBenchmark() {}

  /** One measured run of the stage. */
  private record StageRun(int events, int unique, double startSeconds, double wallSeconds, ResourceMeter.Usage usage,
      double streamThreadSeconds, double duplicates, double joined, double formed, Map<String, Double> cpuByKind,
      Map<String, TopicGrowth> topics, double steadyRate, double steadySeconds, Map<String, Double> steadyCpuByKind,
      double steadyJitSeconds) {
    /** Events per second from the start of the stage to its last record committed. */
    double rate() {
      return events / wallSeconds;
    }

    /** Events per second once it was running (its start, group join and topic creation left out). */
    double runningRate() {
      return events / (wallSeconds - startSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args, OPTIONS, STREAMS_OVERRIDES);
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "50"));
    int items = Integer.parseInt(opts.getOrDefault("items", "200"));
    int rounds = Integer.parseInt(opts.getOrDefault("warmup-rounds", "3"));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout-seconds", "600")));
    String runId = Long.toString(System.currentTimeMillis(), 36);
    int unique = FeedServer.distinctLinks(feeds, items);

    Path dir = Files.createTempDirectory("feedpipe-cluster-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        FeedServer server = new FeedServer()) {
      String bootstrap = kafka.bootstrapServers();
      System.out.println(EndToEndBenchmark.machine(bootstrap));
      for (int round = 1; round <= rounds; round++) {
        String prefix = "warm" + round + "-" + runId;
        ServiceRun service = EndToEndBenchmark.runService(bootstrap,
            server.addFeeds("warm" + round, feeds, items, 7 + round, true), feeds * items, prefix, dir, concurrency, timeout);
        StageRun stage = runStage(bootstrap, prefix, service.records(), unique, dir, timeout);
        System.out.printf(Locale.ROOT, "warm-up %d/%d: service %.2f s (steady %,.0f stories/s), stage %.2f s (steady "
            + "%,.0f events/s, JIT %.2f s) (not counted)%n", round, rounds, service.wallSeconds(), service.steadyRate(),
            stage.wallSeconds(), stage.steadyRate(), stage.usage().jitSeconds());
      }
      String prefix = "bench-" + runId;
      List<String> urls = server.addFeeds("bench", feeds, items, 42, true);
      ServiceRun service = EndToEndBenchmark.runService(bootstrap, urls, feeds * items, prefix, dir, concurrency, timeout);
      StageRun stage = runStage(bootstrap, prefix, service.records(), unique, dir, timeout);
      print(feeds, items, service, stage);
    } finally {
      EndToEndBenchmark.deleteQuietly(dir);
    }
  }

  /** The stage over the whole stories topic of {@code prefix}, until its clusters topic holds {@code unique} records. */
  private static StageRun runStage(String bootstrap, String prefix, int events, int unique, Path dir, Duration timeout)
      throws Exception {
    ClusterSettings settings = ClusterSettings.from(SettingValues.defaults().with(PublishSettings.TOPIC_PREFIX, prefix)
        .with(ClusterSettings.STREAMS_OVERRIDES, STREAMS_OVERRIDES));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, TopicGrowth.Sizes> topicsBefore = TopicGrowth.sizes(bootstrap);
    ResourceMeter meter = new ResourceMeter();
    ThreadCpu.Snapshot threadsBefore = ThreadCpu.snapshot();
    meter.start();
    long t0 = System.nanoTime();
    double startSeconds = Double.NaN;
    try (ClusterStage stage = ClusterStage.start(settings, Map.of("bootstrap.servers", bootstrap),
        Files.createDirectories(dir.resolve(prefix).resolve("stage")).toString(), registry);
        KafkaConsumer<String, byte[]> consumer = EndToEndBenchmark.consumer(bootstrap)) {
      String topic = prefix + ".clusters";
      List<TopicPartition> partitions = EndToEndBenchmark.partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int records = 0;
      Steady steady = new Steady(events);
      ThreadCpu.Snapshot steadyFrom = null;
      ThreadCpu.Snapshot steadyTo = null;
      long jitFrom = 0;
      long jitTo = 0;
      long deadline = t0 + timeout.toNanos();
      while (records < unique) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + records + " of " + unique + " cluster records on " + topic
              + " after " + timeout + " (--timeout-seconds); the stage is " + stage.state());
        }
        if (Double.isNaN(startSeconds) && stage.state() == KafkaStreams.State.RUNNING) {
          startSeconds = (System.nanoTime() - t0) / 1e9;
        }
        records += consumer.poll(Duration.ofMillis(20)).count();
        boolean begun = steady.begun();
        boolean ended = steady.ended();
        steady.seen(eventsRead(registry), System.nanoTime());
        if (!begun && steady.begun()) {
          steadyFrom = ThreadCpu.snapshot();
          jitFrom = ResourceMeter.jitMillis();
        }
        if (!ended && steady.ended()) {
          steadyTo = ThreadCpu.snapshot();
          jitTo = ResourceMeter.jitMillis();
        }
      }
      double wallSeconds = (System.nanoTime() - t0) / 1e9;
      ResourceMeter.Usage usage = meter.stop();
      Map<String, Double> cpuByKind = ThreadCpu.byKind(threadsBefore, ThreadCpu.snapshot(),
          name -> threadKind(name, settings.applicationId()));
      return new StageRun(events, unique, Double.isNaN(startSeconds) ? 0 : startSeconds, wallSeconds, usage,
          streamThreadSeconds(prefix + "-cluster-"),
          registry.get("feedpipe.unique.stories").tag("result", "duplicate").counter().count(),
          registry.get("feedpipe.clusters.joined").counter().count(),
          registry.get("feedpipe.clusters.formed").counter().count(), cpuByKind,
          TopicGrowth.between(topicsBefore, TopicGrowth.sizes(bootstrap), prefix, settings.applicationId()),
          steady.rate(), steady.seconds(), steadyFrom == null || steadyTo == null ? Map.of()
              : ThreadCpu.byKind(steadyFrom, steadyTo, name -> threadKind(name, settings.applicationId())),
          (jitTo - jitFrom) / 1e3);
    }
  }

  /** Events the stage has processed so far (its dedupe step counts each event it reads, passed or not). */
  private static long eventsRead(SimpleMeterRegistry registry) {
    double n = registry.find("feedpipe.unique.stories").counters().stream().mapToDouble(c -> c.count()).sum();
    return (long) n + (long) registry.get("feedpipe.stage.unreadable").counter().count();
  }

  /**
   * CPU seconds of the stage's stream threads (not their producers' network threads), all started by
   * this run: what the clustering task's one thread spends, less whatever other load takes the cores.
   */
  static double streamThreadSeconds(String clientIdPrefix) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (name.startsWith(clientIdPrefix) && name.contains("-StreamThread-")) {
        long cpu = threads.getThreadCpuTime(t.threadId());
        nanos += Math.max(0, cpu);
      }
    }
    return nanos / 1e9;
  }

  /** The kind of a Java thread of this benchmark's JVM, by its name, for the stage's cost table. */
  static String threadKind(String name, String applicationId) {
    if (name.startsWith(applicationId) && name.contains("-StreamThread-") && !name.contains(" | ")) {
      return "stage: stream thread";
    }
    if (name.startsWith("kafka-producer-network-thread") && name.contains(applicationId)) {
      return "stage: producer network thread";
    }
    if (name.contains(applicationId)) {
      return "stage: other client threads (admin, heartbeat, state updater, cleanup)";
    }
    if (name.startsWith("data-plane-kafka-request-handler")) {
      return "broker: request handlers";
    }
    if (name.startsWith("data-plane-kafka-network-thread") || name.startsWith("data-plane-kafka-socket-acceptor")) {
      return "broker: network threads";
    }
    if (name.startsWith("kafka-log-cleaner")) {
      return "broker: log cleaner";
    }
    if (name.startsWith("main")) {
      return "benchmark: read_committed reader (main)";
    }
    return "other: " + name.replaceAll("[0-9]+", "#");
  }

  private static void print(int feeds, int items, ServiceRun s, StageRun c) {
    System.out.printf(Locale.ROOT, "%d feeds x %d items: %d events, %d on the unique topic (%.0f copies of one page "
        + "suppressed), %.0f clusters formed, %.0f stories joined one%n", feeds, items, c.events(), c.unique(),
        c.duplicates(), c.formed(), c.joined());
    System.out.printf(Locale.ROOT, "stage start (topics, group, tasks) %.2f s%n", c.startSeconds());
    System.out.println();
    System.out.printf(Locale.ROOT, "%-40s %8s %8s %10s %14s %7s %10s%n", "", "events", "wall s", "events/s",
        "CPU s/1000", "JIT s", "peak heap");
    System.out.printf(Locale.ROOT, "%-40s %8d %8.2f %,10.0f %14.3f %7.2f %7.0f MB%n", "feedpipe end to end (stage off)",
        s.records(), s.wallSeconds(), s.records() / s.wallSeconds(), s.usage().cpuSeconds() * 1000 / s.records(),
        s.usage().jitSeconds(), s.usage().peakHeapMb());
    System.out.printf(Locale.ROOT, "%-40s %8d %8.2f %,10.0f %14.3f %7.2f %7.0f MB%n", "cluster stage over them, from start",
        c.events(), c.wallSeconds(), c.rate(), c.usage().cpuSeconds() * 1000 / c.events(), c.usage().jitSeconds(),
        c.usage().peakHeapMb());
    double steadyCpu = c.steadyCpuByKind().values().stream().mapToDouble(Double::doubleValue).sum();
    double steadyEvents = c.steadyRate() * c.steadySeconds();
    System.out.printf(Locale.ROOT, "%-40s %8.0f %8.2f %,10.0f %14s %7s%n", "feedpipe, steady part (stage off)",
        s.steadyRate() * s.steadySeconds(), s.steadySeconds(), s.steadyRate(), "-", "-");
    System.out.printf(Locale.ROOT, "%-40s %8.0f %8.2f %,10.0f %14.3f %7.2f%n", "cluster stage, steady part", steadyEvents,
        c.steadySeconds(), c.steadyRate(), steadyCpu * 1000 / steadyEvents, c.steadyJitSeconds());
    System.out.printf(Locale.ROOT, "(steady part: from the moment %.0f %% of the events were done to the moment %.0f %% "
        + "were: the stage's by its own count of events read, the service's by stories committed; commits inside it "
        + "count, start and tail do not)%n", 100 * Steady.FROM, 100 * Steady.TO);
    double ratio = c.rate() / (s.records() / s.wallSeconds());
    double steadyRatio = c.steadyRate() / s.steadyRate();
    System.out.printf(Locale.ROOT, "ratio stage / service: whole runs %.2f (%.2f once running); steady parts %.2f"
        + " - the stage %s%n", ratio, c.runningRate() / (s.records() / s.wallSeconds()), steadyRatio,
        steadyRatio >= 1 ? "keeps up" : "does NOT keep up");
    System.out.printf(Locale.ROOT, "stage's stream thread: %.3f CPU s/1000 events over the whole run (%,.0f events/s on "
        + "a core of its own); service: %.3f CPU s/1000 stories, all threads%n",
        c.streamThreadSeconds() * 1000 / c.events(), c.events() / c.streamThreadSeconds(),
        s.usage().cpuSeconds() * 1000 / s.records());
    System.out.println();
    System.out.println("the stage's whole cost, CPU s per 1,000 events by thread kind (over its run, start included):");
    costTable(c.cpuByKind(), c.events());
    System.out.println("the same over its steady part:");
    costTable(c.steadyCpuByKind(), steadyEvents);
    System.out.println();
    System.out.println("bytes per event by topic over the stage's run (sent by clients = broker BytesIn; log = on-disk growth):");
    System.out.printf(Locale.ROOT, "  %-52s %12s %12s %14s%n", "topic", "sent B/event", "log B/event", "offsets/event");
    long sent = 0;
    long log = 0;
    for (Map.Entry<String, TopicGrowth> e : c.topics().entrySet()) {
      TopicGrowth g = e.getValue();
      sent += g.bytesIn();
      log += g.logBytes();
      System.out.printf(Locale.ROOT, "  %-52s %12.0f %12.0f %14.2f%n", e.getKey(), g.bytesIn() / (double) c.events(),
          g.logBytes() / (double) c.events(), g.offsets() / (double) c.events());
    }
    System.out.printf(Locale.ROOT, "  %-52s %12.0f %12.0f%n", "all", sent / (double) c.events(), log / (double) c.events());
  }

  private static void costTable(Map<String, Double> cpuByKind, double events) {
    double all = cpuByKind.values().stream().mapToDouble(Double::doubleValue).sum();
    double small = 0;
    for (Map.Entry<String, Double> e : cpuByKind.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
      if (e.getValue() < 0.01 * all) {
        small += e.getValue();
        continue;
      }
      System.out.printf(Locale.ROOT, "  %-72s %7.3f  %4.1f %%%n", e.getKey(), e.getValue() * 1000 / events,
          100 * e.getValue() / all);
    }
    System.out.printf(Locale.ROOT, "  %-72s %7.3f  %4.1f %%%n", "(kinds under 1 % each)", small * 1000 / events,
        100 * small / all);
    System.out.printf(Locale.ROOT, "  %-72s %7.3f%n", "all", all * 1000 / events);
  }

  private static final Map<String, String> STREAMS_OVERRIDES = new HashMap<>();

  private static final List<String> OPTIONS = List.of("feeds", "items", "warmup-rounds", "concurrency", "timeout-seconds");

  /**
   * {@code --name value} pairs of {@code args}, the names among {@code names}; each {@code
   * --kafka.streams.NAME VALUE} goes to {@code streamsOverrides} as {@code NAME}.
   */
  static Map<String, String> options(String[] args, List<String> names, Map<String, String> streamsOverrides) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (name.startsWith("kafka.streams.") && i + 1 < args.length) {
        streamsOverrides.put(name.substring("kafka.streams.".length()), args[i + 1]);
        continue;
      }
      if (!names.contains(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, the names "
            + names.stream().map(o -> "--" + o).toList() + "; got " + args[i]);
      }
      opts.put(name, args[i + 1]);
    }
    return opts;
  }
}
