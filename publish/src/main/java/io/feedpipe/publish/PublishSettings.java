package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link StoryPublisher} talks to Kafka. Validated on construction; every problem is reported
 * at once, each naming its settings key.
 *
 * @param bootstrapServers {@code kafka.bootstrapServers}: {@code host:port[,host:port…]}
 * @param topicPrefix {@code topics.prefix} (default {@code feedpipe}): see {@link Topics}
 * @param transactionalId {@code kafka.transactionalId} (default {@code feedpipe-1}): stable per
 *     instance across restarts; a second instance with the same id fences the first
 * @param partitions {@code topics.partitions} (default 3): partitions of every topic created at
 *     start; the feed-state and feed-status topics are keyed by feed id
 * @param replicationFactor {@code topics.replicationFactor} (default 1, single node; production 3)
 * @param maxBlock {@code kafka.maxBlock} (default 10 s, 1 s..5 min): the longest one producer call
 *     (send waiting for metadata, init, commit, abort) blocks; past it the broker counts as
 *     unavailable and {@link StoryPublisher#publish} throws {@link BrokerUnavailableException}
 * @param producerOverrides {@code kafka.producer.*}: extra producer configs; keys that would break
 *     exactly-once ({@code transactional.id}, {@code enable.idempotence}, {@code acks},
 *     serializers, {@code bootstrap.servers}) are refused
 * @param minInsyncReplicas {@code topics.minInsyncReplicas} (default 1; production 2)
 * @param transactionTimeout {@code kafka.transactionTimeout} (default 60 s): the broker aborts a
 *     transaction left open longer (a crashed instance's); must exceed {@code maxBlock}
 * @param maxStoryBytes {@code publish.maxStoryBytes} (default 1,000,000): largest story event
 *     (value + key + headers); a larger one goes to dead letters instead
 * @param seenRetention {@code publish.seenRetention} (default 30 days): how long a story that left
 *     its feed stays in the feed's seen keys (and so is not published again if it comes back)
 * @param maxSeenPerFeed {@code publish.maxSeenPerFeed} (default 2,000): most seen keys kept per
 *     feed beyond those in the current poll, the most recently seen first
 * @param startTimeout {@code publish.startTimeout} (default 2 min): how long {@link
 *     StoryPublisher#start} waits for the broker to create topics and restore state
 * @param maxPollsPerTransaction {@code publish.maxPollsPerTransaction} (default 32): poll results
 *     from concurrent callers committed together in one transaction (group commit); each poll is
 *     still all-or-nothing
 * @param maxQueuedPolls {@code publish.maxQueuedPolls} (default 64): poll results waiting for the
 *     publishing thread; further callers block, so memory stays bounded during an outage
 */
public record PublishSettings(
    String bootstrapServers,
    String topicPrefix,
    String transactionalId,
    int partitions,
    short replicationFactor,
    Duration maxBlock,
    Map<String, String> producerOverrides,
    short minInsyncReplicas,
    Duration transactionTimeout,
    int maxStoryBytes,
    Duration seenRetention,
    int maxSeenPerFeed,
    Duration startTimeout,
    int maxPollsPerTransaction,
    int maxQueuedPolls) {

  static final Set<String> PROTECTED_PRODUCER_KEYS = Set.of(
      "transactional.id", "enable.idempotence", "acks", "key.serializer", "value.serializer",
      "bootstrap.servers", "max.block.ms", "transaction.timeout.ms");

  public PublishSettings {
    requireNonNull(bootstrapServers, "bootstrapServers");
    requireNonNull(topicPrefix, "topicPrefix");
    requireNonNull(transactionalId, "transactionalId");
    requireNonNull(maxBlock, "maxBlock");
    producerOverrides = Map.copyOf(producerOverrides);
    requireNonNull(transactionTimeout, "transactionTimeout");
    requireNonNull(seenRetention, "seenRetention");
    requireNonNull(startTimeout, "startTimeout");
    List<String> problems = new ArrayList<>();
    if (!bootstrapServers.matches("[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*")) {
      problems.add("Invalid value '" + bootstrapServers + "' for kafka.bootstrapServers: must be host:port[,host:port...]");
    }
    if (!topicPrefix.matches("[a-zA-Z0-9._-]{1,200}")) {
      problems.add("Invalid value '" + topicPrefix + "' for topics.prefix: must be 1-200 of [a-zA-Z0-9._-]");
    }
    if (transactionalId.isBlank()) {
      problems.add("Invalid value '' for kafka.transactionalId: must not be blank");
    }
    if (partitions < 1 || partitions > 10_000) {
      problems.add("Invalid value " + partitions + " for topics.partitions: must be 1..10000");
    }
    if (replicationFactor < 1) {
      problems.add("Invalid value " + replicationFactor + " for topics.replicationFactor: must be at least 1");
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      problems.add("Invalid value " + minInsyncReplicas
          + " for topics.minInsyncReplicas: must be 1..topics.replicationFactor (" + replicationFactor + ")");
    }
    if (maxBlock.compareTo(Duration.ofSeconds(1)) < 0 || maxBlock.compareTo(Duration.ofMinutes(5)) > 0) {
      problems.add("Invalid value " + maxBlock + " for kafka.maxBlock: must be 1s..5m");
    }
    if (transactionTimeout.compareTo(maxBlock) <= 0 || transactionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
      problems.add("Invalid value " + transactionTimeout
          + " for kafka.transactionTimeout: must exceed kafka.maxBlock (" + maxBlock + ") and be at most 15m");
    }
    for (String key : producerOverrides.keySet()) {
      if (PROTECTED_PRODUCER_KEYS.contains(key)) {
        problems.add("kafka.producer." + key + " cannot be overridden: feedpipe sets it for exactly-once publishing"
            + (key.equals("max.block.ms") ? " (use kafka.maxBlock)" : "")
            + (key.equals("transaction.timeout.ms") ? " (use kafka.transactionTimeout)" : ""));
      }
    }
    if (maxStoryBytes < 1024 || maxStoryBytes > 100 * 1024 * 1024) {
      problems.add("Invalid value " + maxStoryBytes + " for publish.maxStoryBytes: must be 1 KiB..100 MiB");
    }
    if (seenRetention.isNegative() || seenRetention.isZero()) {
      problems.add("Invalid value " + seenRetention + " for publish.seenRetention: must be positive");
    }
    if (maxSeenPerFeed < 1 || maxSeenPerFeed > 100_000) {
      problems.add("Invalid value " + maxSeenPerFeed + " for publish.maxSeenPerFeed: must be 1..100000");
    }
    if (maxPollsPerTransaction < 1 || maxPollsPerTransaction > 1000) {
      problems.add("Invalid value " + maxPollsPerTransaction + " for publish.maxPollsPerTransaction: must be 1..1000");
    }
    if (maxQueuedPolls < 1 || maxQueuedPolls > 10_000) {
      problems.add("Invalid value " + maxQueuedPolls + " for publish.maxQueuedPolls: must be 1..10000");
    }
    if (startTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add("Invalid value " + startTimeout + " for publish.startTimeout: must be at least 1s");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Like the record's, with the values of secret-looking producer overrides (passwords, JAAS, tokens, keys) masked. */
  @Override
  public String toString() {
    Map<String, String> masked = new java.util.TreeMap<>();
    producerOverrides.forEach((k, v) -> masked.put(k,
        k.matches("(?i).*(password|secret|jaas|token|\\.key$|credential).*") ? "******" : v));
    return "PublishSettings[kafka.bootstrapServers=" + bootstrapServers + ", topics.prefix=" + topicPrefix
        + ", kafka.transactionalId=" + transactionalId + ", topics.partitions=" + partitions
        + ", topics.replicationFactor=" + replicationFactor + ", topics.minInsyncReplicas=" + minInsyncReplicas
        + ", kafka.maxBlock=" + maxBlock + ", kafka.transactionTimeout=" + transactionTimeout
        + ", kafka.producer.*=" + masked + ", publish.maxStoryBytes=" + maxStoryBytes
        + ", publish.seenRetention=" + seenRetention + ", publish.maxSeenPerFeed=" + maxSeenPerFeed
        + ", publish.startTimeout=" + startTimeout + ", publish.maxPollsPerTransaction=" + maxPollsPerTransaction
        + ", publish.maxQueuedPolls=" + maxQueuedPolls + "]";
  }

  /** Single-node defaults (see the component docs) for the given {@code kafka.bootstrapServers}. */
  public static PublishSettings defaults(String bootstrapServers) {
    return new PublishSettings(bootstrapServers, "feedpipe", "feedpipe-1", 3, (short) 1, Duration.ofSeconds(10),
        Map.of(), (short) 1, Duration.ofSeconds(60), 1_000_000, Duration.ofDays(30), 2_000, Duration.ofMinutes(2),
        32, 64);
  }

  /** A copy with another {@code topics.prefix}. */
  public PublishSettings withTopicPrefix(String prefix) {
    return new PublishSettings(bootstrapServers, prefix, transactionalId, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed,
        startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with another {@code kafka.transactionalId}. */
  public PublishSettings withTransactionalId(String id) {
    return new PublishSettings(bootstrapServers, topicPrefix, id, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed,
        startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with other {@code topics.partitions}, {@code topics.replicationFactor} and {@code topics.minInsyncReplicas}. */
  public PublishSettings withTopicLayout(int partitionCount, short replication, short minInsync) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitionCount, replication, maxBlock,
        producerOverrides, minInsync, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed,
        startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with another {@code kafka.maxBlock} (and {@code kafka.transactionTimeout} kept above it). */
  public PublishSettings withMaxBlock(Duration block) {
    Duration txTimeout = transactionTimeout.compareTo(block) > 0 ? transactionTimeout : block.multipliedBy(3);
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, block,
        producerOverrides, minInsyncReplicas, txTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed, startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with other {@code kafka.producer.*} overrides. */
  public PublishSettings withProducerOverrides(Map<String, String> overrides) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, maxBlock,
        overrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed, startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with another {@code publish.maxStoryBytes}. */
  public PublishSettings withMaxStoryBytes(int bytes) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, bytes, seenRetention, maxSeenPerFeed, startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with other seen-key pruning bounds ({@code publish.seenRetention}, {@code publish.maxSeenPerFeed}). */
  public PublishSettings withSeenBounds(Duration retention, int maxSeen) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, retention, maxSeen, startTimeout, maxPollsPerTransaction, maxQueuedPolls);
  }

  /** A copy with other group-commit bounds ({@code publish.maxPollsPerTransaction}, {@code publish.maxQueuedPolls}). */
  public PublishSettings withGroupCommit(int pollsPerTransaction, int queuedPolls) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed,
        startTimeout, pollsPerTransaction, queuedPolls);
  }

  /** A copy with another {@code publish.startTimeout}. */
  public PublishSettings withStartTimeout(Duration timeout) {
    return new PublishSettings(bootstrapServers, topicPrefix, transactionalId, partitions, replicationFactor, maxBlock,
        producerOverrides, minInsyncReplicas, transactionTimeout, maxStoryBytes, seenRetention, maxSeenPerFeed,
        timeout, maxPollsPerTransaction, maxQueuedPolls);
  }
}
