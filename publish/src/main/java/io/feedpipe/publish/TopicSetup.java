package io.feedpipe.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates feedpipe's topics when missing, with {@code topics.partitions}, {@code
 * topics.replicationFactor} and {@code min.insync.replicas}; feed-status, feed-state and feeds are
 * compacted, and the feeds topic keeps a removal (tombstone) for {@link #FEEDS_TOMBSTONE_RETENTION},
 * so a service that starts within that long still learns when a feed was removed. Existing topics
 * are left as they are.
 */
final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  /** How long the feeds topic keeps a removal: 30 days. */
  static final Duration FEEDS_TOMBSTONE_RETENTION = Duration.ofDays(30);

  private TopicSetup() {}

  static void ensure(Admin admin, Topics topics, PublishSettings settings)
      throws InterruptedException, ExecutionException, TimeoutException {
    ensure(admin, topics, settings, topics.all());
  }

  /** Creates those of {@code names} (feedpipe's topics) that are missing. */
  static void ensure(Admin admin, Topics topics, PublishSettings settings, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long timeoutMs = settings.maxBlock().toMillis();
    Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeoutMs))
        .names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names) {
      if (existing.contains(name)) {
        continue;
      }
      Map<String, String> configs = new HashMap<>();
      configs.put("min.insync.replicas", Short.toString(settings.minInsyncReplicas()));
      // a story up to publish.maxStoryBytes must fit the topic, or one large story would fail every
      // transaction it is in; the headroom covers the record batch overhead
      configs.put("max.message.bytes", Integer.toString(Math.max(1_048_588, settings.maxStoryBytes() + 65_536)));
      if (topics.compacted(name)) {
        configs.put("cleanup.policy", "compact");
      }
      if (name.equals(topics.feeds())) {
        configs.put("delete.retention.ms", Long.toString(FEEDS_TOMBSTONE_RETENTION.toMillis()));
      }
      missing.add(new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(configs));
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      admin.createTopics(missing, new CreateTopicsOptions().timeoutMs((int) timeoutMs))
          .all().get(timeoutMs, TimeUnit.MILLISECONDS);
      log.info("Created topics {} with {} partitions, replication factor {}",
          missing.stream().map(NewTopic::name).toList(), settings.partitions(), settings.replicationFactor());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
  }

  /** New topics take a moment to get leaders; producing before that only earns retries. */
  private static void awaitLeaders(Admin admin, List<String> names, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
            .get(timeoutMs, TimeUnit.MILLISECONDS);
        boolean led = described.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (led) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics " + names + " have no leader after " + timeoutMs + " ms");
      }
      Thread.sleep(50);
    }
  }

}
