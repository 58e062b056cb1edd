package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How {@link StoryPublisher} talks to Kafka. Each component is the setting of the same name below,
 * where its default and rule are written; build it with {@link #from(SettingValues)} (or {@link
 * #defaults(String)}). How the clients connect (bootstrap servers, security, per-client configs) is
 * {@link KafkaClientSettings}. Validated on construction; every problem is reported at once, each
 * naming its key. Across keys: {@code topics.minInsyncReplicas ≤ topics.replicationFactor} and {@code
 * kafka.transactionTimeout > kafka.maxBlock}.
 *
 * @param kafka how every Kafka client connects: {@link KafkaClientSettings}
 * @param topicPrefix {@link #TOPIC_PREFIX}: see {@link Topics}
 * @param transactionalId {@link #TRANSACTIONAL_ID}: a second instance with the same id fences the first
 * @param partitions {@link #PARTITIONS}: the feed-state and feed-status topics are keyed by feed id
 * @param replicationFactor {@link #REPLICATION_FACTOR}
 * @param maxBlock {@link #MAX_BLOCK}: the longest one producer call (send waiting for metadata,
 *     init, commit, abort) blocks; past it the broker counts as unavailable and {@link
 *     StoryPublisher#publish} throws {@link BrokerUnavailableException}
 * @param minInsyncReplicas {@link #MIN_INSYNC_REPLICAS}
 * @param transactionTimeout {@link #TRANSACTION_TIMEOUT}
 * @param maxStoryBytes {@link #MAX_STORY_BYTES}: value + key + headers of one story event
 * @param seenRetention {@link #SEEN_RETENTION}
 * @param maxSeenPerFeed {@link #MAX_SEEN_PER_FEED}: the most recently seen first
 * @param identityWindow {@link #IDENTITY_WINDOW}: remembered stories that keep their identity
 * @param startTimeout {@link #START_TIMEOUT}: how long {@link StoryPublisher#start} waits
 * @param maxPollsPerTransaction {@link #MAX_POLLS_PER_TRANSACTION} (group commit)
 * @param maxQueuedPolls {@link #MAX_QUEUED_POLLS}: further callers block, so memory stays bounded
 *     during an outage
 */
public record PublishSettings(
    KafkaClientSettings kafka,
    String topicPrefix,
    String transactionalId,
    int partitions,
    short replicationFactor,
    Duration maxBlock,
    short minInsyncReplicas,
    Duration transactionTimeout,
    int maxStoryBytes,
    Duration seenRetention,
    int maxSeenPerFeed,
    int identityWindow,
    Duration startTimeout,
    int maxPollsPerTransaction,
    int maxQueuedPolls) {

  public static final Setting<String> TRANSACTIONAL_ID = Setting.of("kafka.transactionalId", SettingType.nonBlank(),
      "feedpipe-1", "Transactional id of this instance: stable across restarts, unique per instance.");
  public static final Setting<Duration> MAX_BLOCK = Setting.of("kafka.maxBlock",
      SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(5)), Duration.ofSeconds(10),
      "Longest a producer call may block before the broker counts as unavailable (polling then pauses).");
  public static final Setting<Duration> TRANSACTION_TIMEOUT = Setting.of("kafka.transactionTimeout",
      SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(15)), Duration.ofSeconds(60),
      "The broker aborts a transaction left open longer (a crashed instance's); must exceed `kafka.maxBlock`.");

  public static final Setting<String> TOPIC_PREFIX = Setting.of("topics.prefix",
      SettingType.matching("1-200 of [a-zA-Z0-9._-]", Pattern.compile("[a-zA-Z0-9._-]{1,200}"),
          "must be 1-200 of [a-zA-Z0-9._-]"),
      "feedpipe", "Prefix of every topic name (`<prefix>.stories`, …).");
  public static final Setting<Integer> PARTITIONS = Setting.of("topics.partitions", SettingType.integer(1, 10_000), 3,
      "Partitions of topics created at start.");
  public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("topics.replicationFactor",
      SettingType.integer(1, Short.MAX_VALUE), 1, "Replication factor of topics created at start (production: 3).");
  public static final Setting<Integer> MIN_INSYNC_REPLICAS = Setting.of("topics.minInsyncReplicas",
      SettingType.integer(1, Short.MAX_VALUE), 1,
      "`min.insync.replicas` of topics created at start (production: 2); at most `topics.replicationFactor`.");

  public static final Setting<Long> MAX_STORY_BYTES = Setting.of("publish.maxStoryBytes",
      SettingType.sizeBytes(1024, 100L * 1024 * 1024), 1_000_000L,
      "Largest story event; a larger one goes to dead letters.");
  public static final Setting<Duration> SEEN_RETENTION = Setting.of("publish.seenRetention",
      SettingType.positiveDuration(), Duration.ofDays(30),
      "How long a story that left its feed is remembered (and not published again if it returns).");
  public static final Setting<Integer> MAX_SEEN_PER_FEED = Setting.of("publish.maxSeenPerFeed",
      SettingType.integer(1, 100_000), 2_000, "Seen stories kept per feed beyond those in the current poll.");
  public static final Setting<Integer> IDENTITY_WINDOW = Setting.of("publish.identityWindow",
      SettingType.integer(0, 100_000), 64,
      "Newest seen stories per feed (and always those of the current poll) that keep their identity (56 bytes each),"
          + " so an item under a new guid is recognised by its link or its title and text; older ones by their guid.");
  public static final Setting<Duration> START_TIMEOUT = Setting.of("publish.startTimeout",
      SettingType.durationAtLeast(Duration.ofSeconds(1)), Duration.ofMinutes(2),
      "How long start-up waits for Kafka to create topics and restore feed state.");
  public static final Setting<Integer> MAX_POLLS_PER_TRANSACTION = Setting.of("publish.maxPollsPerTransaction",
      SettingType.integer(1, 1000), 32,
      "Poll results of concurrent polls committed together in one transaction (each still all-or-nothing).");
  public static final Setting<Integer> MAX_QUEUED_POLLS = Setting.of("publish.maxQueuedPolls",
      SettingType.integer(1, 10_000), 64,
      "Poll results waiting to be published; further polls wait, so memory stays bounded while Kafka is away.");

  /** Every setting publish reads (the Kafka clients' first), in the order of the settings table (publish's README shows it). */
  public static final List<Setting<?>> SETTINGS = Stream.concat(KafkaClientSettings.SETTINGS.stream(), Stream.of(
      TRANSACTIONAL_ID, MAX_BLOCK, TRANSACTION_TIMEOUT, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR,
      MIN_INSYNC_REPLICAS, MAX_STORY_BYTES, SEEN_RETENTION, MAX_SEEN_PER_FEED, IDENTITY_WINDOW, START_TIMEOUT,
      MAX_POLLS_PER_TRANSACTION, MAX_QUEUED_POLLS)).toList();

  public PublishSettings {
    requireNonNull(kafka, "kafka");
    Checks checks = new Checks().value(TOPIC_PREFIX, topicPrefix)
        .value(TRANSACTIONAL_ID, transactionalId).value(PARTITIONS, partitions)
        .value(REPLICATION_FACTOR, (int) replicationFactor).value(MIN_INSYNC_REPLICAS, (int) minInsyncReplicas)
        .value(MAX_BLOCK, maxBlock).value(TRANSACTION_TIMEOUT, transactionTimeout)
        .value(MAX_STORY_BYTES, (long) maxStoryBytes)
        .value(SEEN_RETENTION, seenRetention).value(MAX_SEEN_PER_FEED, maxSeenPerFeed)
        .value(IDENTITY_WINDOW, identityWindow)
        .value(START_TIMEOUT, startTimeout).value(MAX_POLLS_PER_TRANSACTION, maxPollsPerTransaction)
        .value(MAX_QUEUED_POLLS, maxQueuedPolls);
    if (maxBlock != null && transactionTimeout != null) {
      Duration block = maxBlock;
      Duration txTimeout = transactionTimeout;
      checks.rule(txTimeout.compareTo(block) > 0, () -> "Invalid value " + txTimeout
          + " for configuration kafka.transactionTimeout: must exceed kafka.maxBlock (" + block + ")");
    }
    checks.rule(minInsyncReplicas <= replicationFactor, () -> "Invalid value " + minInsyncReplicas
        + " for configuration topics.minInsyncReplicas: must be 1..topics.replicationFactor (" + replicationFactor + ")");
    checks.throwIfAny();
  }

  /** The settings as {@code values} gives them; {@code kafka.bootstrapServers} must be among them. */
  public static PublishSettings from(SettingValues values) {
    KafkaClientSettings kafka;
    try {
      kafka = KafkaClientSettings.from(values);
    } catch (IllegalArgumentException e) {
      // every problem in one pass: the clients' and, checked against a stand-in, the others'
      String others = "";
      try {
        from(KafkaClientSettings.plain("localhost:9092"), values);
      } catch (IllegalArgumentException more) {
        others = "; " + more.getMessage();
      }
      throw new IllegalArgumentException(e.getMessage() + others, e);
    }
    return from(kafka, values);
  }

  private static PublishSettings from(KafkaClientSettings kafka, SettingValues values) {
    return new PublishSettings(kafka, values.get(TOPIC_PREFIX), values.get(TRANSACTIONAL_ID),
        values.get(PARTITIONS), (short) (int) values.get(REPLICATION_FACTOR), values.get(MAX_BLOCK),
        (short) (int) values.get(MIN_INSYNC_REPLICAS), values.get(TRANSACTION_TIMEOUT),
        Math.toIntExact(values.get(MAX_STORY_BYTES)), values.get(SEEN_RETENTION), values.get(MAX_SEEN_PER_FEED),
        values.get(IDENTITY_WINDOW), values.get(START_TIMEOUT), values.get(MAX_POLLS_PER_TRANSACTION), values.get(MAX_QUEUED_POLLS));
  }

  /** Every other setting at its default, for the given {@code kafka.bootstrapServers}. */
  public static PublishSettings defaults(String bootstrapServers) {
    return from(SettingValues.defaults().with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrapServers));
  }

  /** {@code kafka.bootstrapServers}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Like the record's, with the values of secret-looking client configs (passwords, JAAS, tokens, keys) masked. */
  @Override
  public String toString() {
    return "PublishSettings[" + kafka + ", topics.prefix=" + topicPrefix
        + ", kafka.transactionalId=" + transactionalId + ", topics.partitions=" + partitions
        + ", topics.replicationFactor=" + replicationFactor + ", topics.minInsyncReplicas=" + minInsyncReplicas
        + ", kafka.maxBlock=" + maxBlock + ", kafka.transactionTimeout=" + transactionTimeout
        + ", publish.maxStoryBytes=" + maxStoryBytes + ", publish.seenRetention=" + seenRetention
        + ", publish.maxSeenPerFeed=" + maxSeenPerFeed + ", publish.identityWindow=" + identityWindow
        + ", publish.startTimeout=" + startTimeout
        + ", publish.maxPollsPerTransaction=" + maxPollsPerTransaction + ", publish.maxQueuedPolls=" + maxQueuedPolls
        + "]";
  }
}
