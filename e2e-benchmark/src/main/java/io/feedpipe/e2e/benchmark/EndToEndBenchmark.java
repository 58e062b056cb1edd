package io.feedpipe.e2e.benchmark;

import io.feedpipe.app.FeedpipeService;
import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end load benchmark: F synthetic RSS feeds of M items served on 127.0.0.1, ingested by the
 * real {@link FeedpipeService} into an in-JVM broker, timed until a {@code read_committed}
 * consumer has seen all F×M stories; then, in the same JVM and broker, a bare transactional
 * producer sends the same event bytes and headers in transactions of M records (one feed's poll).
 * Prints both rates, their ratio, CPU seconds per 1,000 stories and peak heap.
 *
 * <p>Args (all optional): {@code --feeds F} (50), {@code --items M} (200), {@code --warmup
 * true|false} (true: unmeasured runs first), {@code --warmup-feeds W} (F: the feeds of each warm-up
 * run), {@code --warmup-rounds R} (3: the JIT keeps compiling parse and normalize for several runs,
 * and each cuts the CPU per story; the JIT seconds printed for every run show where it stands),
 * {@code --concurrency C} (16: {@code fetch.perHostConcurrency} and {@code
 * schedule.perHostConcurrency}, since every feed is on one host), {@code --timeout-seconds T} (600:
 * longest wait for the stories of one run).
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  /** One measured run of the service. */
  record ServiceRun(String prefix, int stories, int records, double startSeconds, double firstStorySeconds,
      double wallSeconds, ResourceMeter.Usage usage, long baselineHeapBytes, int partitions, double steadyRate,
      double steadySeconds) {
    double rate() {
      return stories / wallSeconds;
    }
  }

  /** One measured run of the bare producer. */
  private record BareRun(int stories, double wallSeconds, ResourceMeter.Usage usage) {
    double rate() {
      return stories / wallSeconds;
    }
  }

  /** An event as the service wrote it: key, value and headers. */
  private record Event(String key, byte[] value, Header[] headers) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "50"));
    int items = Integer.parseInt(opts.getOrDefault("items", "200"));
    boolean warmup = Boolean.parseBoolean(opts.getOrDefault("warmup", "true"));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout-seconds", "600")));
    String runId = Long.toString(System.currentTimeMillis(), 36);

    Path dir = Files.createTempDirectory("feedpipe-e2e-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        FeedServer server = new FeedServer()) {
      String bootstrap = kafka.bootstrapServers();
      System.out.println(machine(bootstrap) + ", feeds on 127.0.0.1:" + server.port());
      if (warmup) {
        int warmFeeds = Integer.parseInt(opts.getOrDefault("warmup-feeds", Integer.toString(feeds)));
        int rounds = Integer.parseInt(opts.getOrDefault("warmup-rounds", "3"));
        for (int round = 1; round <= rounds; round++) {
          List<String> urls = server.addFeeds("warm" + round, warmFeeds, items, 7 + round);
          ServiceRun warm = runService(bootstrap, urls, warmFeeds * items, "warm" + round + "-" + runId, dir,
              concurrency, timeout);
          System.out.printf(Locale.ROOT, "warm-up %d/%d: %d stories in %.2f s, CPU s/1000 %.3f, JIT %.2f s (not counted)%n",
              round, rounds, warm.stories(), warm.wallSeconds(), warm.usage().cpuSeconds() * 1000 / warm.stories(),
              warm.usage().jitSeconds());
        }
      }
      List<String> urls = server.addFeeds("bench", feeds, items, 42);
      System.out.printf(Locale.ROOT, "%d feeds x %d items, %.1f MB of RSS%n", feeds, items,
          server.bodyBytes("bench") / 1e6);
      ServiceRun service = runService(bootstrap, urls, feeds * items, "bench-" + runId, dir, concurrency, timeout);
      List<Event> events = readBack(bootstrap, service.prefix() + ".stories");
      BareRun bare = runBare(bootstrap, service.prefix() + ".bare", "bare-" + runId, events, items, service.partitions());
      print(service, bare, events, items);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The service on {@code urls} until {@code expected} distinct stories are committed; the cluster stage off (ClusterBenchmark measures it). */
  static ServiceRun runService(String bootstrap, List<String> urls, int expected, String prefix, Path dir,
      int concurrency, Duration timeout) throws Exception {
    Map<String, String> flags = serviceFlags(bootstrap, prefix, dir, concurrency);
    flags.put(ClusterSettings.ENABLED.key(), "false");
    ResolvedSettings settings = ConfigLoader.load(Optional.empty(), Map.of(), flags);

    long baseline = ResourceMeter.heapAfterGc();
    ResourceMeter meter = new ResourceMeter();
    meter.start();
    long startMillis = System.currentTimeMillis();
    long t0 = System.nanoTime();
    try (FeedpipeService service = FeedpipeService.start(settings, urls);
        KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      String topic = prefix + ".stories";
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Set<String> keys = new HashSet<>(expected * 2);
      Steady steady = new Steady(expected);
      int records = 0;
      long firstTimestamp = Long.MAX_VALUE;
      long deadline = t0 + timeout.toNanos();
      while (keys.size() < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + keys.size() + " of " + expected + " stories on " + topic
              + " after " + timeout + " (--timeout-seconds); is a feed failing? see the log above");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          keys.add(r.key());
          records++;
          firstTimestamp = Math.min(firstTimestamp, r.timestamp());
        }
        steady.seen(keys.size(), System.nanoTime());
      }
      double wallSeconds = (System.nanoTime() - t0) / 1e9;
      ResourceMeter.Usage usage = meter.stop();
      return new ServiceRun(prefix, keys.size(), records, startSeconds, (firstTimestamp - startMillis) / 1e3,
          wallSeconds, usage, baseline, partitions.size(), steady.rate(), steady.seconds());
    }
  }

  /**
   * The service's settings as command-line flags (to add to before {@link ConfigLoader#load}): the
   * broker, topics under {@code prefix}, its data under {@code dir}, the ops server on a free port,
   * feeds on 127.0.0.1 allowed, and {@code concurrency} polls and fetches at once on that one host.
   */
  static Map<String, String> serviceFlags(String bootstrap, String prefix, Path dir, int concurrency)
      throws java.io.IOException {
    Map<String, String> flags = new HashMap<>();
    flags.put(KafkaClientSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
    flags.put(PublishSettings.TOPIC_PREFIX.key(), prefix);
    flags.put(PublishSettings.TRANSACTIONAL_ID.key(), prefix + "-feedpipe");
    flags.put(OpsServerSettings.HOST.key(), "127.0.0.1");
    flags.put(OpsServerSettings.PORT.key(), "0");
    flags.put(FetchSettings.ALLOWED_ADDRESSES.key(), "127.0.0.1/32");
    flags.put(FetchSettings.PER_HOST_CONCURRENCY.key(), Integer.toString(concurrency));
    flags.put(ScheduleSettings.PER_HOST_CONCURRENCY.key(), Integer.toString(concurrency));
    flags.put(FetchSettings.PER_HOST_MIN_GAP.key(), "0s");
    flags.put(Catalogue.DATA_DIR.key(), Files.createDirectories(dir.resolve(prefix)).toString());
    return flags;
  }

  /** Every committed record of {@code topic}, in partition order. */
  private static List<Event> readBack(String bootstrap, String topic) {
    List<Event> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          events.add(new Event(r.key(), r.value(), r.headers().toArray()));
        }
      }
    }
    return events;
  }

  /** The events through a producer configured as StoryPublisher's, one transaction per {@code perTransaction}. */
  private static BareRun runBare(String bootstrap, String topic, String transactionalId, List<Event> events,
      int perTransaction, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("transactional.id", transactionalId);
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    props.put("linger.ms", "5");
    props.put("compression.type", "lz4");
    ResourceMeter meter = new ResourceMeter();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      meter.start();
      long t0 = System.nanoTime();
      for (int i = 0; i < events.size(); i += perTransaction) {
        producer.beginTransaction();
        for (Event e : events.subList(i, Math.min(events.size(), i + perTransaction))) {
          producer.send(new ProducerRecord<>(topic, null, e.key(), e.value(), List.of(e.headers())));
        }
        producer.commitTransaction();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new BareRun(events.size(), seconds, meter.stop());
    }
  }

  private static void print(ServiceRun s, BareRun b, List<Event> events, int items) {
    long bytes = events.stream().mapToLong(e -> e.value().length).sum();
    System.out.printf(Locale.ROOT, "service start %.2f s, first story committed at %.2f s, %d records for %d stories, mean event %d bytes%n",
        s.startSeconds(), s.firstStorySeconds(), s.records(), s.stories(), events.isEmpty() ? 0 : bytes / events.size());
    System.out.printf(Locale.ROOT, "heap after GC before the run: %.0f MB (broker, feed bodies, clients)%n",
        s.baselineHeapBytes() / (1024.0 * 1024.0));
    System.out.println();
    System.out.printf(Locale.ROOT, "%-34s %8s %8s %10s %14s %7s %10s%n", "", "stories", "wall s", "stories/s",
        "CPU s/1000", "JIT s", "peak heap");
    System.out.printf(Locale.ROOT, "%-34s %8d %8.2f %,10.0f %14.3f %7.2f %7.0f MB%n", "feedpipe end to end", s.stories(),
        s.wallSeconds(), s.rate(), s.usage().cpuSeconds() * 1000 / s.stories(), s.usage().jitSeconds(),
        s.usage().peakHeapMb());
    System.out.printf(Locale.ROOT, "%-34s %8d %8.2f %,10.0f %14.3f %7.2f %7.0f MB%n",
        "bare producer, " + items + " per transaction", b.stories(), b.wallSeconds(), b.rate(),
        b.usage().cpuSeconds() * 1000 / b.stories(), b.usage().jitSeconds(), b.usage().peakHeapMb());
    double ratio = s.rate() / b.rate();
    System.out.printf(Locale.ROOT, "ratio end to end / bare: %.2f (goal >= 0.5: %s)%n", ratio, ratio >= 0.5 ? "met" : "NOT met");
    if (s.records() != s.stories()) {
      System.out.printf(Locale.ROOT, "WARNING: %d records for %d distinct stories: duplicates on the stories topic%n",
          s.records(), s.stories());
    }
  }

  /** When, on which JDK, cores and heap, against which broker: the first line every benchmark here prints. */
  static String machine(String bootstrap) {
    return String.format(Locale.ROOT, "%s UTC, JDK %s, %d cores, max heap %d MB, broker %s (same JVM)",
        Instant.now().toString().substring(0, 19).replace('T', ' '), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, bootstrap);
  }

  static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("max.partition.fetch.bytes", Integer.toString(8 << 20));
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist (the service creates it at start)");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static final List<String> OPTIONS =
      List.of("feeds", "items", "warmup", "warmup-feeds", "warmup-rounds", "concurrency", "timeout-seconds");

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!OPTIONS.contains(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, the names "
            + OPTIONS.stream().map(o -> "--" + o).toList() + "; got " + args[i]);
      }
      opts.put(name, args[i + 1]);
    }
    return opts;
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
