package io.feedpipe.publish;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.feedpipe.config.SettingValues;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.SeenStories;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What remembering stories costs, in the JSON format that the compact state replaced and in format
 * 1, measured in one run on the same generated states: F feeds of S remembered stories each, as a
 * feed of ten stories a day keeps them for 30 days (a window of 30 seen in the last poll, the others
 * gone one by one, minutes to hours apart; one in twenty revised).
 *
 * <ul>
 *   <li>heap: the states as the publisher holds them after a restore (a map of feed id to state),
 *       decoded from their records — the JSON ones as the previous version did (Jackson into the
 *       state record of that version, its seen map copied by {@code Map.copyOf}) — measured as used
 *       heap after full GCs, before any broker runs in this JVM;
 *   <li>topic: the partition sizes the broker reports after the records were produced as the
 *       publisher produces them (lz4, linger 5 ms);
 *   <li>restore: {@code StateRestore.read} of each topic from its beginning, after one warm-up read,
 *       best of five; beside it, the ceiling on this broker — a bare consumer reading the same topic
 *       with the same fetch sizes and decoding nothing — and the decoding alone, in memory.
 * </ul>
 *
 * <p>Args (all optional): {@code --feeds F} (10000), {@code --stories S} (300), {@code
 * --identity-window W} (the default of {@code publish.identityWindow}), {@code --bootstrap
 * host:port} (default: an embedded broker in a temporary directory). Needs about 2 GB of heap at
 * the defaults ({@code -Xmx3g}).
 */
public final class StateBenchmark {
  private static final Instant NOW = Instant.parse("2026-12-01T06:00:00.123456Z");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private StateBenchmark() {}

  /** The feed state of the JSON format, as the previous version's record was (its seen map by story id). */
  record JsonState(String feedId, URI url, Optional<URI> movedFrom, Optional<String> etag,
      Optional<String> lastModified, Map<String, JsonSeen> seen, int consecutiveErrors, Optional<Instant> lastPollAt,
      Optional<Instant> lastSuccessAt, Optional<Instant> nextDueAt, Optional<String> disabledReason) {
    JsonState {
      seen = Map.copyOf(seen);
    }
  }

  /** What the JSON format remembered of one story. */
  record JsonSeen(String contentHash, int revision, Instant lastSeenAt) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "10000"));
    int stories = Integer.parseInt(opts.getOrDefault("stories", "300"));
    int window = opts.containsKey("identity-window") ? Integer.parseInt(opts.get("identity-window"))
        : PublishSettings.IDENTITY_WINDOW.defaultValue().orElseThrow();
    long total = (long) feeds * stories;
    System.out.printf(Locale.ROOT, "%,d feeds x %d remembered stories = %,d stories, identities of the newest %d;"
        + " JDK %s, %d cores, max heap %d MB%n", feeds, stories, total, window, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

    Map<String, byte[]> jsonRecords = new LinkedHashMap<>();
    Map<String, byte[]> compactRecords = new LinkedHashMap<>();
    Random random = new Random(22);
    for (int f = 0; f < feeds; f++) {
      JsonState state = generate(f, stories, random);
      jsonRecords.put(state.feedId(), JSON.writeValueAsBytes(state));
      compactRecords.put(state.feedId(), FeedStateCodec.encode(compact(state, window)));
    }
    long jsonValueBytes = jsonRecords.values().stream().mapToLong(b -> b.length).sum();
    long compactValueBytes = compactRecords.values().stream().mapToLong(b -> b.length).sum();

    long jsonHeap = heapOf(() -> {
      Map<String, JsonState> states = new ConcurrentHashMap<>();
      for (Map.Entry<String, byte[]> e : jsonRecords.entrySet()) {
        states.put(e.getKey(), JSON.readValue(e.getValue(), JsonState.class));
      }
      return states;
    });
    double decodeSeconds = decodeSeconds(compactRecords);
    long compactHeap = heapOf(() -> {
      Map<String, FeedState> states = new ConcurrentHashMap<>();
      for (Map.Entry<String, byte[]> e : compactRecords.entrySet()) {
        states.put(e.getKey(), FeedStateCodec.decode(e.getValue()));
      }
      return states;
    });

    EmbeddedKafka embedded = null;
    Path dir = null;
    String bootstrap = opts.get("bootstrap");
    if (bootstrap == null) {
      dir = Files.createTempDirectory("feedpipe-state-bench-");
      embedded = EmbeddedKafka.start(dir, 0);
      bootstrap = embedded.bootstrapServers();
    }
    try {
      String run = "sb" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
      PublishSettings jsonSettings = settings(bootstrap, run + "-json");
      PublishSettings compactSettings = settings(bootstrap, run + "-compact");
      long jsonTopic = write(bootstrap, jsonSettings, jsonRecords);
      long compactTopic = write(bootstrap, compactSettings, compactRecords);
      double jsonRestore = restoreSeconds(jsonSettings, feeds);
      double compactRestore = restoreSeconds(compactSettings, feeds);
      double bareRead = bareReadSeconds(bootstrap, compactSettings, feeds);

      System.out.printf(Locale.ROOT, "%-34s %14s %14s %8s%n", "", "JSON (before)", "format 1", "ratio");
      row("heap bytes per story", jsonHeap / (double) total, compactHeap / (double) total);
      row("record value bytes per story", jsonValueBytes / (double) total, compactValueBytes / (double) total);
      row("topic bytes per story", jsonTopic / (double) total, compactTopic / (double) total);
      System.out.printf(Locale.ROOT, "%-34s %12.1f MB %12.1f MB%n", "topic size", jsonTopic / 1e6, compactTopic / 1e6);
      row("restore seconds", jsonRestore, compactRestore);
      System.out.printf(Locale.ROOT, "%-34s %12.0f/s %12.0f/s%n", "restore MB of topic data per second",
          jsonTopic / 1e6 / jsonRestore, compactTopic / 1e6 / compactRestore);
      System.out.printf(Locale.ROOT, "%-34s %14s %12.0f/s (decoding alone, in memory: %.2f s)%n",
          "format 1 decoded MB per second", "", compactValueBytes / 1e6 / decodeSeconds, decodeSeconds);
      System.out.printf(Locale.ROOT, "%-34s %14s %12.0f/s (%.2f s; restore / bare read: %.2f)%n",
          "bare consumer read MB per second", "", compactTopic / 1e6 / bareRead, bareRead, bareRead / compactRestore);
      System.out.printf(Locale.ROOT, "goals: heap <= 40 B/story: %s; topic <= 20 B/story: %s; restore >= 100 MB/s: %s%n",
          compactHeap / (double) total <= 40 ? "met" : "MISSED", compactTopic / (double) total <= 20 ? "met" : "MISSED",
          compactTopic / 1e6 / compactRestore >= 100 ? "met" : "MISSED");
    } finally {
      if (embedded != null) {
        embedded.close();
      }
      if (dir != null) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static void row(String what, double before, double after) {
    System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f %8.3f%n", what, before, after, after / before);
  }

  /** One feed's state in the JSON format's shape: a story id is 32 hex digits, as normalize makes them. */
  private static JsonState generate(int feed, int stories, Random random) throws Exception {
    String feedId = String.format(Locale.ROOT, "%016x", random.nextLong());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Map<String, JsonSeen> seen = new LinkedHashMap<>();
    Instant polled = NOW.minusSeconds(random.nextInt(600)).minusNanos(random.nextInt(1_000_000_000));
    Instant t = polled;
    for (int s = 0; s < stories; s++) {
      if (s >= 30) {
        t = t.minusSeconds(600 + random.nextInt(14_400)).minusNanos(random.nextInt(1_000_000) * 1000L);
      }
      String id = HexFormat.of().formatHex(
          sha.digest((feedId + "\n" + "https://news" + feed + ".example/story/" + s).getBytes(StandardCharsets.UTF_8)), 0, 16);
      byte[] content = new byte[16];
      random.nextBytes(content);
      seen.put(id, new JsonSeen(HexFormat.of().formatHex(content), s % 20 == 0 ? 2 : 1, t));
    }
    return new JsonState(feedId, URI.create("https://news" + feed + ".example/rss.xml"), Optional.empty(),
        Optional.of("W/\"" + Long.toHexString(random.nextLong()) + "\""), Optional.of("Tue, 01 Dec 2026 05:51:02 GMT"),
        seen, 0, Optional.of(polled), Optional.of(polled), Optional.of(polled.plusSeconds(300)), Optional.empty());
  }

  /**
   * The state as format 1 keeps it after a poll: the {@code window} newest stories with their
   * identity (#24) — id, link key, fingerprint, dates and story key (whose first half is the link
   * key of its first link).
   */
  private static FeedState compact(JsonState s, int window) {
    SeenStories.Builder seen = SeenStories.builder();
    s.seen().forEach((id, item) -> {
      long[] bits = SeenStories.Identity.storyIdBits(id);
      long date = item.lastSeenAt().getEpochSecond() - 3600;
      seen.put(SeenStories.idHash(id), ContentHash.ofHex(item.contentHash()), item.revision(), item.lastSeenAt(),
          new SeenStories.Identity(bits[0], bits[1], bits[0] * 31 + 7, bits[1] * 17 + 3, date, date, bits[0] * 31 + 7,
              bits[1] * 13 + 5));
    });
    return new FeedState(s.feedId(), s.url(), s.movedFrom(), s.etag(), s.lastModified(),
        seen.build().withIdentityWindow(window, id -> false),
        s.consecutiveErrors(), s.lastPollAt(), s.lastSuccessAt(), s.nextDueAt(), s.disabledReason());
  }

  /** Something built from the records, whose heap is measured. */
  private interface Build {
    Object build() throws Exception;
  }

  /** Used heap after full GCs with what {@code build} returns reachable, less that before. */
  private static long heapOf(Build build) throws Exception {
    long before = usedAfterGc();
    Object built = build.build();
    long after = usedAfterGc();
    if (built.hashCode() == 42) { // keeps it reachable until here
      System.out.print("");
    }
    return after - before;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static PublishSettings settings(String bootstrap, String prefix) {
    return PublishSettings.from(SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrap)
        .with(PublishSettings.TOPIC_PREFIX, prefix).with(PublishSettings.TRANSACTIONAL_ID, prefix + "-tx")
        .with(PublishSettings.START_TIMEOUT, Duration.ofMinutes(5)));
  }

  /** Creates the feed-state topic as the publisher does, writes the records, and returns the topic's size. */
  private static long write(String bootstrap, PublishSettings settings, Map<String, byte[]> records) throws Exception {
    Topics topics = new Topics(settings.topicPrefix());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.feedState(), settings.partitions(), settings.replicationFactor())
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    // not idempotent: a loaded in-JVM broker made the idempotent producer reset its sequences and
    // lose batches; one request in flight keeps the order, and every send is checked
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
        "linger.ms", "5", "compression.type", "lz4", "acks", "all", "enable.idempotence", "false",
        "max.in.flight.requests.per.connection", "1", "delivery.timeout.ms", "600000", "request.timeout.ms", "120000"),
        new StringSerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : records.entrySet()) {
        sent.add(producer.send(new ProducerRecord<>(topics.feedState(), e.getKey(), e.getValue())));
      }
      for (java.util.concurrent.Future<?> f : sent) {
        f.get();
      }
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long size = 0;
      for (LogDirDescription dir : admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1).values()) {
        for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
          if (r.getKey().topic().equals(topics.feedState())) {
            size += r.getValue().size();
          }
        }
      }
      return size;
    }
  }

  /** Best of five decodings of every record in memory, after one to warm up. */
  private static double decodeSeconds(Map<String, byte[]> records) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      long began = System.nanoTime();
      long stories = 0;
      for (byte[] value : records.values()) {
        stories += FeedStateCodec.decode(value).seen().size();
      }
      if (i > 0 && stories > 0) {
        best = Math.min(best, (System.nanoTime() - began) / 1e9);
      }
    }
    return best;
  }

  /**
   * Best of five reads of the topic by a bare read_committed consumer with the restore's fetch
   * sizes that decodes nothing: the ceiling of a restore on this broker.
   */
  private static double bareReadSeconds(String bootstrap, PublishSettings settings, int feeds) {
    String topic = new Topics(settings.topicPrefix()).feedState();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      long began = System.nanoTime();
      try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
          new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
              "isolation.level", "read_committed", "enable.auto.commit", "false",
              "max.partition.fetch.bytes", Integer.toString(StateRestore.MAX_PARTITION_FETCH_BYTES),
              "fetch.max.bytes", Integer.toString(StateRestore.FETCH_MAX_BYTES)),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long read = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          read += consumer.poll(Duration.ofMillis(200)).count();
        }
        if (read != feeds) {
          throw new IllegalStateException("read " + read + " records, wrote " + feeds);
        }
      }
      if (i > 0) {
        best = Math.min(best, (System.nanoTime() - began) / 1e9);
      }
    }
    return best;
  }

  /** Best of five full reads of the feed-state topic, after one to warm up. */
  private static double restoreSeconds(PublishSettings settings, int feeds) throws Exception {
    Topics topics = new Topics(settings.topicPrefix());
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long began = System.nanoTime();
      StateRestore.Restored restored = StateRestore.read(settings, topics, Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - began) / 1e9;
      if (restored.states().size() != feeds) {
        throw new IllegalStateException("restored " + restored.states().size() + " states, wrote " + feeds);
      }
      if (i > 0) {
        runs.add(seconds);
      }
    }
    return runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }
}
