package io.feedpipe.e2e.benchmark;

import io.feedpipe.app.FeedpipeService;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.config.SettingValues;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Does the cluster stage keep up with the service as {@code feedpipe run} runs it? In one JVM and
 * broker: the real {@link FeedpipeService} with the stage inside it ({@code cluster.enabled}, its
 * default) polls F synthetic feeds that gain N new items on every poll for S seconds (the mix of
 * {@link ClusterBenchmark}: one item in ten a wire copy on every feed, one in ten one page on every
 * feed), so the service ingests at its full rate all along; then the feeds stop growing and the
 * stage drains.
 *
 * <p>A {@code read_committed} consumer counts the stories committed on {@code <prefix>.stories} and
 * notes each record's offset; every second an admin client reads the stage's committed offsets (its
 * consumer group) on the stories topic and on its repartition topic (whose records this consumer
 * notes too). The stage's <b>lag</b> is the stories committed that it has not yet committed through
 * both: events, not offsets (transaction markers are not counted). The stage's outputs carry their
 * story's timestamp, so an output's <b>latency</b> is when it became readable ({@code
 * read_committed}) less that timestamp: the story's own publish transaction included.
 *
 * <p>Args (all optional): {@code --feeds F} (50), {@code --new-per-poll N} (25), {@code --shown K}
 * (50: items in each answer, new ones included), {@code --seconds S} (60), {@code --warmup-seconds
 * W} (20: one unmeasured run first, for the JIT; 0 for none), {@code --poll-interval D} (100ms: each
 * feed's {@code schedule.defaultInterval}), {@code --concurrency C} (16), {@code --drain-seconds T}
 * (300: longest wait for the stage after the feeds stop), {@code --kafka.streams.NAME VALUE} (a
 * Kafka Streams config of the stage, as the config file's {@code kafka.streams.*} sets it).
 */
public final class ClusterKeepUpBenchmark {
  private ClusterKeepUpBenchmark() {}

  /** One second's look: seconds since the service started, stories committed, events the stage has not. */
  private record Sample(double t, long stories, long lag) {
    long processed() {
      return stories - lag;
    }
  }

  /** What one run measured. */
  private record KeepUpRun(double growSeconds, List<Sample> samples, double lastStoryAt, double drainedAt,
      long[] uniqueLatencies, long[] clusterLatencies, ResourceMeter.Usage usage, double streamThreadSeconds,
      Map<String, Double> cpuByKind) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = ClusterBenchmark.options(args, OPTIONS, STREAMS_OVERRIDES);
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "50"));
    int newPerPoll = Integer.parseInt(opts.getOrDefault("new-per-poll", "25"));
    int shown = Integer.parseInt(opts.getOrDefault("shown", "50"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
    int warmupSeconds = Integer.parseInt(opts.getOrDefault("warmup-seconds", "20"));
    String pollInterval = opts.getOrDefault("poll-interval", "100ms");
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
    Duration drainTimeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("drain-seconds", "300")));
    String runId = Long.toString(System.currentTimeMillis(), 36);

    Path dir = Files.createTempDirectory("feedpipe-keepup-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        FeedServer server = new FeedServer()) {
      String bootstrap = kafka.bootstrapServers();
      System.out.println(EndToEndBenchmark.machine(bootstrap));
      System.out.printf(Locale.ROOT, "%d feeds gaining %d new items a poll (%d shown), polled every %s, %d at once%s%n",
          feeds, newPerPoll, shown, pollInterval, concurrency,
          STREAMS_OVERRIDES.isEmpty() ? "" : "; the stage's Kafka Streams configs " + STREAMS_OVERRIDES);
      Run run = new Run(bootstrap, server, dir, feeds, newPerPoll, shown, pollInterval, concurrency, drainTimeout);
      if (warmupSeconds > 0) {
        KeepUpRun warm = run.measure("warm-" + runId, warmupSeconds, 7);
        System.out.printf(Locale.ROOT, "warm-up %d s: service %,.0f stories/s, stage %,.0f events/s (not counted)%n",
            warmupSeconds, rate(warm, 0, warm.growSeconds(), false), rate(warm, 0, warm.growSeconds(), true));
      }
      print(run.measure("bench-" + runId, seconds, 42));
    } finally {
      EndToEndBenchmark.deleteQuietly(dir);
    }
  }

  /** How every run of one invocation is set up. */
  private record Run(String bootstrap, FeedServer server, Path dir, int feeds, int newPerPoll, int shown,
      String pollInterval, int concurrency, Duration drainTimeout) {

    /** The service with its stage on growing feeds for {@code seconds}, then until the stage has drained. */
    KeepUpRun measure(String prefix, int seconds, long seed) throws Exception {
      Map<String, String> flags = EndToEndBenchmark.serviceFlags(bootstrap, prefix, dir, concurrency);
      flags.put(ScheduleSettings.DEFAULT_INTERVAL.key(), pollInterval);
      flags.put(ScheduleSettings.MIN_INTERVAL.key(), pollInterval);
      flags.put(ScheduleSettings.JITTER.key(), "0");
      flags.put(ScheduleSettings.ADAPTIVE.key(), "false");
      ResolvedSettings settings = ConfigLoader.load(streamsOverrides(dir), Map.of(), flags);
      Topics topics = new Topics(prefix);
      String applicationId =
          ClusterSettings.from(SettingValues.defaults().with(PublishSettings.TOPIC_PREFIX, prefix)).applicationId();

      ResourceMeter meter = new ResourceMeter();
      ThreadCpu.Snapshot threadsAtStart = ThreadCpu.snapshot();
      Map<String, Double> cpuByKind = Map.of();
      meter.start();
      long t0 = System.nanoTime();
      Instant growUntil = Instant.now().plusSeconds(seconds);
      List<String> urls = server.addGrowingFeeds(prefix, feeds, newPerPoll, shown, seed, growUntil);
      try (FeedpipeService service = FeedpipeService.start(settings, urls);
          KafkaConsumer<String, byte[]> consumer = EndToEndBenchmark.consumer(bootstrap);
          Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        if (service.stage().isEmpty()) {
          throw new IllegalStateException("the service started without its cluster stage");
        }
        Watch watch = new Watch(consumer, admin, applicationId, topics);
        List<Sample> samples = new ArrayList<>();
        long growEnd = t0 + Duration.ofSeconds(seconds).toNanos();
        long deadline = growEnd + drainTimeout.toNanos();
        long nextSample = t0;
        double lastStoryAt = 0;
        double caughtUpAt = Double.NaN;
        long stories = 0;
        while (true) {
          long now = System.nanoTime();
          if (now > deadline) {
            throw new IllegalStateException("the stage is " + samples.getLast().lag() + " events behind "
                + drainTimeout.toSeconds() + " s after the feeds stopped (--drain-seconds); stage "
                + service.stage().get().state());
          }
          watch.poll(Duration.ofMillis(100));
          if (watch.stories() > stories) {
            stories = watch.stories();
            lastStoryAt = (System.nanoTime() - t0) / 1e9;
            caughtUpAt = Double.NaN;
          }
          boolean growing = now < growEnd;
          if (!growing && cpuByKind.isEmpty()) {
            cpuByKind = ThreadCpu.byKind(threadsAtStart, ThreadCpu.snapshot(),
                name -> ClusterBenchmark.threadKind(name, applicationId));
          }
          if (!growing || now >= nextSample) {
            Sample s = new Sample((System.nanoTime() - t0) / 1e9, watch.stories(), watch.lag());
            if (growing || s.t() - samples.getLast().t() >= 1) {
              samples.add(s);
            }
            nextSample += 1_000_000_000L;
            if (!growing && s.lag() == 0 && Double.isNaN(caughtUpAt)) {
              caughtUpAt = s.t();
            }
            // drained: the feeds stopped, no story for 3 s, and the stage has committed every one
            if (!growing && s.t() - lastStoryAt >= 3 && s.lag() == 0) {
              return new KeepUpRun(seconds, samples, lastStoryAt, caughtUpAt, watch.uniqueLatencies.toArray(),
                  watch.clusterLatencies.toArray(), meter.stop(),
                  ClusterBenchmark.streamThreadSeconds(applicationId + "-"), cpuByKind);
            }
          }
        }
      }
    }
  }

  /**
   * Reads {@code <prefix>.stories}, the stage's repartition topic and its two outputs ({@code
   * read_committed}), and the stage's committed offsets.
   */
  private static final class Watch {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final String applicationId;
    private final Topics topics;
    private final String repartition;
    /** Offsets of the records seen on the stories and repartition topics, per partition, ascending. */
    private final Map<TopicPartition, Longs> offsets = new HashMap<>();
    final Longs uniqueLatencies = new Longs();
    final Longs clusterLatencies = new Longs();
    private long stories;

    Watch(KafkaConsumer<String, byte[]> consumer, Admin admin, String applicationId, Topics topics)
        throws Exception {
      this.consumer = consumer;
      this.admin = admin;
      this.applicationId = applicationId;
      this.topics = topics;
      this.repartition = applicationId + "-by-story-key-repartition";
      awaitTopic(admin, repartition);
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.stories(), repartition, topics.storiesUnique(), topics.clusters())) {
        partitions.addAll(EndToEndBenchmark.partitions(consumer, topic));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    long stories() {
      return stories;
    }

    /** Waits for {@code topic}: Kafka Streams creates its repartition topic once the stage has joined its group. */
    private static void awaitTopic(Admin admin, String topic) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!admin.listTopics().names().get().contains(topic)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no topic " + topic + " 60 s after the service started: did its stage start?");
        }
        Thread.sleep(50);
      }
    }

    void poll(Duration timeout) {
      var records = consumer.poll(timeout);
      long seenAt = System.currentTimeMillis();
      for (ConsumerRecord<String, byte[]> r : records) {
        String topic = r.topic();
        if (topic.equals(topics.stories()) || topic.equals(repartition)) {
          offsets.computeIfAbsent(new TopicPartition(topic, r.partition()), p -> new Longs()).add(r.offset());
          if (topic.equals(topics.stories())) {
            stories++;
          }
        } else if (topic.equals(topics.storiesUnique())) {
          uniqueLatencies.add(seenAt - r.timestamp());
        } else {
          clusterLatencies.add(seenAt - r.timestamp());
        }
      }
    }

    /**
     * Stories seen that the stage has not committed: those past its committed offset on the stories
     * topic, plus those it has keyed onto the repartition topic but not yet consumed from there.
     */
    long lag() throws Exception {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      long lag = 0;
      for (Map.Entry<TopicPartition, Longs> e : offsets.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().countAtOrAbove(c == null ? 0 : c.offset());
      }
      return lag;
    }
  }

  /** A growing array of longs. */
  private static final class Longs {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }

    /** Values at or above {@code bound}, the values being ascending. */
    int countAtOrAbove(long bound) {
      int i = Arrays.binarySearch(values, 0, size, bound);
      return size - (i >= 0 ? i : -i - 1);
    }
  }

  /** Service stories/s ({@code stage} false) or stage events/s between seconds {@code from} and {@code to}. */
  private static double rate(KeepUpRun run, double from, double to, boolean stage) {
    Sample a = at(run, from);
    Sample b = at(run, to);
    return ((stage ? b.processed() : b.stories()) - (stage ? a.processed() : a.stories())) / (b.t() - a.t());
  }

  /** The sample nearest second {@code t} (the service's start counts as a sample of nothing). */
  private static Sample at(KeepUpRun run, double t) {
    Sample best = new Sample(0, 0, 0);
    for (Sample s : run.samples()) {
      if (Math.abs(s.t() - t) < Math.abs(best.t() - t)) {
        best = s;
      }
    }
    return best;
  }

  /** Least-squares slope of the lag over seconds {@code from} to {@code to}, in events per second. */
  private static double lagSlope(KeepUpRun run, double from, double to) {
    List<Sample> in = run.samples().stream().filter(s -> s.t() >= from && s.t() <= to).toList();
    double mt = in.stream().mapToDouble(Sample::t).average().orElse(0);
    double ml = in.stream().mapToDouble(Sample::lag).average().orElse(0);
    double num = 0;
    double den = 0;
    for (Sample s : in) {
      num += (s.t() - mt) * (s.lag() - ml);
      den += (s.t() - mt) * (s.t() - mt);
    }
    return den == 0 ? 0 : num / den;
  }

  private static String percentiles(long[] latencies) {
    if (latencies.length == 0) {
      return "none";
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %,d ms, p99 %,d ms, max %,d ms (%,d records)", sorted[sorted.length / 2],
        sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.99))], sorted[sorted.length - 1],
        sorted.length);
  }

  private static void print(KeepUpRun run) {
    double end = run.growSeconds();
    Sample last = at(run, end);
    System.out.printf(Locale.ROOT, "%n%.0f s of new stories: %,d committed by the service, %,d of them committed by the "
        + "stage by then%n", end, last.stories(), last.processed());
    System.out.printf(Locale.ROOT, "service %,.0f stories/s; stage %,.0f events/s over the same %.0f s (its start "
        + "included); second half: service %,.0f/s, stage %,.0f/s%n", rate(run, 0, end, false), rate(run, 0, end, true),
        end, rate(run, end / 2, end, false), rate(run, end / 2, end, true));
    Sample max = run.samples().stream().filter(s -> s.t() <= end + 0.5)
        .max((a, b) -> Long.compare(a.lag(), b.lag())).orElseThrow();
    System.out.printf(Locale.ROOT, "lag (events) at 25/50/75/100 %%: %,d / %,d / %,d / %,d; max %,d at %.0f s; slope "
        + "over the second half %+.1f events/s (<= 0: keeping up)%n", at(run, end / 4).lag(), at(run, end / 2).lag(),
        at(run, end * 3 / 4).lag(), last.lag(), max.lag(), max.t(), lagSlope(run, end / 2, end));
    System.out.printf(Locale.ROOT, "drain: last story committed at %.1f s, the stage had committed it at %.1f s "
        + "(%.1f s later)%n", run.lastStoryAt(), run.drainedAt(), run.drainedAt() - run.lastStoryAt());
    System.out.printf(Locale.ROOT, "latency story -> %s: %s%n", "stories.unique", percentiles(run.uniqueLatencies()));
    System.out.printf(Locale.ROOT, "latency story -> %s: %s%n", "clusters", percentiles(run.clusterLatencies()));
    long events = run.samples().getLast().stories();
    System.out.printf(Locale.ROOT, "stage's stream thread %.3f CPU s/1000 events; whole process %.3f CPU s/1000 "
        + "stories (service, stage, broker), JIT %.1f s, peak heap %.0f MB%n", run.streamThreadSeconds() * 1000 / events,
        run.usage().cpuSeconds() * 1000 / events, run.usage().jitSeconds(), run.usage().peakHeapMb());
    System.out.printf(Locale.ROOT, "CPU by thread kind while the feeds grew (%.0f s), CPU s per 1,000 stories the service "
        + "committed meanwhile: %s%n", end, run.cpuByKind().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(14)
        .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() * 1000 / last.stories()))
        .collect(Collectors.joining("; ")));
    System.out.println("lag every 5 s: " + run.samples().stream().filter(s -> Math.round(s.t()) % 5 == 0)
        .map(s -> String.format(Locale.ROOT, "%.0f:%d", s.t(), s.lag())).distinct().collect(Collectors.joining(" ")));
  }

  private static final Map<String, String> STREAMS_OVERRIDES = new TreeMap<>();

  /** A config file setting {@code kafka.streams.*} as {@code --kafka.streams.NAME VALUE} asked (that key is config-file only). */
  private static Optional<Path> streamsOverrides(Path dir) throws java.io.IOException {
    if (STREAMS_OVERRIDES.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder yaml = new StringBuilder();
    STREAMS_OVERRIDES.forEach((name, value) ->
        yaml.append("\"kafka.streams.").append(name).append("\": \"").append(value).append("\"\n"));
    return Optional.of(Files.writeString(dir.resolve("streams-overrides.yaml"), yaml));
  }

  private static final List<String> OPTIONS = List.of("feeds", "new-per-poll", "shown", "seconds", "warmup-seconds",
      "poll-interval", "concurrency", "drain-seconds");

}
