package io.feedpipe.publish.benchmarks;

import io.feedpipe.config.SettingValues;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Quality;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import io.feedpipe.publish.PublishReceipt;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import io.feedpipe.publish.StoryEvents;
import io.feedpipe.publish.StoryPublisher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes N synthetic stories in poll results of S stories through {@link StoryPublisher}, and
 * the same event bytes through a bare transactional producer (same producer settings, one
 * transaction per S stories: the ceiling for the same guarantee), against one broker in one run.
 * Prints stories/s for both and their ratio.
 *
 * <p>Args (all optional): {@code --stories N} (20000), {@code --per-poll S} (50), {@code --feeds F}
 * (20), {@code --threads T} (8 concurrent callers, a second StoryPublisher run), {@code --bootstrap
 * host:port} (default: an embedded broker in a temporary directory).
 */
public final class PublishBenchmark {
  private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

  private PublishBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int stories = Integer.parseInt(opts.getOrDefault("stories", "20000"));
    int perPoll = Integer.parseInt(opts.getOrDefault("per-poll", "50"));
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "20"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "8"));
    EmbeddedKafka embedded = null;
    String bootstrap = opts.get("bootstrap");
    Path dir = null;
    if (bootstrap == null) {
      dir = Files.createTempDirectory("feedpipe-bench-kafka-");
      embedded = EmbeddedKafka.start(dir, 0);
      bootstrap = embedded.bootstrapServers();
    }
    try {
      System.out.printf(Locale.ROOT, "broker %s, %d stories, %d per poll, %d feeds, %s, %d cores%n", bootstrap,
          stories, perPoll, feeds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      // warm-up: the JIT and the broker's first segments, with a fifth of the work
      run(bootstrap, "warm", stories / 5, perPoll, feeds, threads, false);
      Result measured = run(bootstrap, "bench", stories, perPoll, feeds, threads, true);
      System.out.printf(Locale.ROOT, "bare producer, one transaction per poll: %,10.0f stories/s (%.2f s)%n",
          measured.bareRate(), measured.bareSeconds);
      System.out.printf(Locale.ROOT, "bare producer, one transaction per 1000: %,10.0f stories/s (%.2f s)%n",
          measured.batchedRate(), measured.batchedSeconds);
      System.out.printf(Locale.ROOT, "StoryPublisher, 1 caller thread:         %,10.0f stories/s (%.2f s)%n",
          measured.publisherRate(), measured.publisherSeconds);
      System.out.printf(Locale.ROOT, "StoryPublisher, %2d caller threads:       %,10.0f stories/s (%.2f s)%n",
          threads, measured.concurrentRate(), measured.concurrentSeconds);
      System.out.printf(Locale.ROOT, "ratio 1 caller / bare per poll:          %.2f (goal >= 0.5)%n",
          measured.publisherRate() / measured.bareRate());
      System.out.printf(Locale.ROOT, "ratio %d callers / bare per poll:         %.2f%n", threads,
          measured.concurrentRate() / measured.bareRate());
      System.out.printf(Locale.ROOT, "ratio %d callers / bare per 1000:         %.2f%n", threads,
          measured.concurrentRate() / measured.batchedRate());
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

  private record Result(int stories, double bareSeconds, double batchedSeconds, double publisherSeconds,
      double concurrentSeconds) {
    double concurrentRate() {
      return stories / concurrentSeconds;
    }

    double bareRate() {
      return stories / bareSeconds;
    }

    double batchedRate() {
      return stories / batchedSeconds;
    }

    double publisherRate() {
      return stories / publisherSeconds;
    }
  }

  private static Result run(String bootstrap, String prefix, int total, int perPoll, int feeds, int threads,
      boolean print) throws Exception {
    List<PollResult> polls = polls(total, perPoll, feeds);
    List<List<byte[]>> events = new ArrayList<>();
    for (PollResult poll : polls) {
      List<byte[]> bytes = new ArrayList<>();
      for (Story s : poll.stories()) {
        bytes.add(StoryEvents.encode(s, 1));
      }
      events.add(bytes);
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(prefix + ".bare", 3, (short) 1),
          new NewTopic(prefix + ".batched", 3, (short) 1))).all().get();
    }
    double bare = bare(bootstrap, prefix + ".bare", prefix + "-bare", polls, events, 1);
    double batched = bare(bootstrap, prefix + ".batched", prefix + "-batched", polls, events, Math.max(1, 1000 / perPoll));
    PublishSettings settings = PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrap).with(PublishSettings.TOPIC_PREFIX, prefix)
        .with(PublishSettings.TRANSACTIONAL_ID, prefix + "-publisher"));
    double publisher;
    try (StoryPublisher p = StoryPublisher.start(settings)) {
      long start = System.nanoTime();
      int published = 0;
      for (PollResult poll : polls) {
        PublishReceipt receipt = p.publish(poll);
        published += receipt.newStories();
      }
      publisher = (System.nanoTime() - start) / 1e9;
      if (published != total) {
        throw new IllegalStateException("published " + published + " of " + total);
      }
    }
    double concurrent = concurrent(bootstrap, prefix + "-mt", polls, feeds, threads, total);
    if (print) {
      System.out.printf(Locale.ROOT, "%d polls of %d stories, mean event %d bytes%n", polls.size(), perPoll,
          events.stream().flatMap(List::stream).mapToInt(b -> b.length).sum() / total);
    }
    return new Result(total, bare, batched, publisher, concurrent);
  }

  /** The same polls from {@code threads} callers, each owning the feeds {@code feed % threads == t}, in order. */
  private static double concurrent(String bootstrap, String prefix, List<PollResult> polls, int feeds, int threads,
      int total) throws Exception {
    PublishSettings settings = PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrap).with(PublishSettings.TOPIC_PREFIX, prefix)
        .with(PublishSettings.TRANSACTIONAL_ID, prefix + "-publisher"));
    try (StoryPublisher p = StoryPublisher.start(settings)) {
      java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int mine = t;
        callers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < polls.size(); i++) {
            if ((i % feeds) % threads != mine) {
              continue;
            }
            try {
              published.addAndGet(p.publish(polls.get(i)).newStories());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }));
      }
      for (Thread t : callers) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (published.get() != total) {
        throw new IllegalStateException("published " + published.get() + " of " + total);
      }
      return seconds;
    }
  }

  /** Sends the events with a producer configured as StoryPublisher's, {@code pollsPerTransaction} polls per transaction. */
  private static double bare(String bootstrap, String topic, String transactionalId, List<PollResult> polls,
      List<List<byte[]>> events, int pollsPerTransaction) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("transactional.id", transactionalId);
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    props.put("linger.ms", "5");
    props.put("compression.type", "lz4");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      long start = System.nanoTime();
      for (int i = 0; i < polls.size(); i++) {
        if (i % pollsPerTransaction == 0) {
          producer.beginTransaction();
        }
        List<Story> stories = polls.get(i).stories();
        for (int j = 0; j < stories.size(); j++) {
          Story s = stories.get(j);
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, s.id(), events.get(i).get(j));
          record.headers()
              .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
              .add(new RecordHeader("ce_id", (s.id() + ":1").getBytes(StandardCharsets.UTF_8)))
              .add(new RecordHeader("ce_source", s.feed().url().toString().getBytes(StandardCharsets.UTF_8)))
              .add(new RecordHeader("ce_type", "io.feedpipe.story.created".getBytes(StandardCharsets.UTF_8)))
              .add(new RecordHeader("ce_time", s.fetchedAt().toString().getBytes(StandardCharsets.UTF_8)))
              .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
          producer.send(record);
        }
        if (i % pollsPerTransaction == pollsPerTransaction - 1 || i == polls.size() - 1) {
          producer.commitTransaction();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** Synthetic polls: {@code feeds} feeds, each poll {@code perPoll} new stories of about 2.5 KB text. */
  static List<PollResult> polls(int total, int perPoll, int feeds) {
    Random random = new Random(42);
    List<PollResult> polls = new ArrayList<>();
    int[] nextSeq = new int[feeds];
    int made = 0;
    int poll = 0;
    while (made < total) {
      int feed = poll % feeds;
      String feedId = "bench-feed-" + feed;
      URI url = URI.create("https://news.example/feeds/" + feed + ".xml");
      FeedInfo info = new FeedInfo(feedId, url, Optional.of("Bench feed " + feed));
      List<Story> stories = new ArrayList<>();
      for (int i = 0; i < perPoll && made < total; i++, made++) {
        int seq = nextSeq[feed]++;
        String text = paragraphs(random);
        stories.add(new Story(feedId + "-" + seq, Optional.of(feed + "/" + seq),
            Optional.of("https://news.example/" + feed + "/" + seq), info, "Headline " + seq + " of feed " + feed,
            Optional.of(text.substring(0, 200)), List.of("Staff"), List.of("World", "Politics"), Optional.of("en"),
            Optional.of(AT), Optional.empty(), AT, text, "<p>" + text.replace("\n\n", "</p><p>") + "</p>",
            Optional.empty(), Provenance.none(), List.of(), text.split(" ").length,
            String.format(Locale.ROOT, "%016x", random.nextLong()), Quality.unknown()));
      }
      FeedState state = new FeedState(feedId, url, Optional.empty(), Optional.of("etag-" + poll), Optional.empty(), SeenStories.empty(), 0,
          Optional.of(AT), Optional.of(AT), Optional.of(AT.plus(Duration.ofMinutes(5))), Optional.empty());
      FeedStatus status = new FeedStatus(feedId, url, AT, PollOutcome.OK, Optional.of(200), Optional.empty(),
          Optional.empty(), 0, Optional.of(AT.plus(Duration.ofMinutes(5))), Optional.empty(), List.of());
      polls.add(new PollResult(state, stories, List.of(), status));
      poll++;
    }
    return polls;
  }

  private static String paragraphs(Random random) {
    String[] words = {"the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "continue", "in",
        "Moscow", "after", "agency", "reports", "of", "a", "deal", "between", "both", "sides", "officials"};
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < 5; p++) {
      if (p > 0) {
        sb.append("\n\n");
      }
      for (int w = 0; w < 80; w++) {
        sb.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      sb.append('.');
    }
    return sb.toString();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }
}
