package io.feedpipe.connect;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.PollOutcome;
import io.feedpipe.publish.OutRecord;
import io.feedpipe.publish.PollPlans;
import io.feedpipe.publish.Topics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's metrics, registered through the worker's plugin metrics (KIP-877: {@code
 * SourceTaskContext.pluginMetrics()}), so the worker shows them over JMX as {@code
 * kafka.connect:type=plugins,connector=<name>,task=<n>[,<tag>=<value>]} beside its own. The names
 * are the service's Micrometer names in Kafka's dashed form — {@code feedpipe-polls-total{outcome}}
 * is the service's {@code feedpipe_polls_total{outcome}} — and {@code docker/connect/jmx-exporter.yaml}
 * maps them back to those Prometheus names, with {@code connector} and {@code task} labels:
 *
 * <ul>
 *   <li>{@value #POLLS}, tag {@code outcome} (the labels of {@link PollOutcome}): feed polls;
 *   <li>{@value #PUBLISHED}, tag {@code topic} (a topic's role: {@code stories}, {@code flagged},
 *       {@code feed-status}, {@code dead-letters}, {@code feed-state}): records handed to the worker
 *       — {@code topic=stories} counts the stories published, revisions included;
 *   <li>{@value #DEAD_LETTERS}, tag {@code kind}: dead letters among them, by kind;
 *   <li>{@value #TRANSACTIONS} and {@value #TRANSACTION_RECORDS}: the transactions the task handed
 *       to the worker (the feed polls ready at one {@code poll()}, committed together, as the
 *       service's publisher groups them) and their records, so records per transaction is the ratio
 *       of their rates; {@value #TRANSACTION_RECORDS_MAX} is the largest since the task started;
 *   <li>{@value #FEEDS}: the feeds this task owns now (its share of the feeds topic).
 * </ul>
 *
 * <p>Polls are counted when they finish, as the service counts them; their records when the task
 * hands them to the worker ({@code poll()} returns them): under exactly-once the worker commits them
 * before the next {@code poll()}, and a failed commit fails the task (its counts go with it). The
 * values are plain counters read at each scrape, not windowed Kafka sensors: sensor names are global
 * to a worker and would be shared by the tasks it runs. Thread-safe.
 */
final class TaskMetrics {
  static final String POLLS = "feedpipe-polls-total";
  static final String PUBLISHED = "feedpipe-published-records-total";
  static final String DEAD_LETTERS = "feedpipe-dead-letters-total";
  static final String TRANSACTIONS = "feedpipe-transactions-total";
  static final String TRANSACTION_RECORDS = "feedpipe-transaction-records-total";
  static final String TRANSACTION_RECORDS_MAX = "feedpipe-transaction-records-max";
  static final String FEEDS = "feedpipe-feeds";

  private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

  /**
   * The metrics of the task {@code context} belongs to; counted but shown nowhere when there is no
   * context (a unit test) or the worker has no plugin metrics (Kafka before 4.1).
   */
  static TaskMetrics of(@Nullable SourceTaskContext context, Topics topics) {
    if (context == null) {
      return new TaskMetrics(null, topics);
    }
    try {
      return new TaskMetrics(context.pluginMetrics(), topics);
    } catch (UnsupportedOperationException | AbstractMethodError | NoSuchMethodError e) {
      log.warn("This worker gives plugins no metrics (KIP-877, Kafka 4.1+): feedpipe's task metrics are not shown ({})",
          e.toString());
      return new TaskMetrics(null, topics);
    }
  }

  private final @Nullable PluginMetrics plugin;
  private final Topics topics;
  private final Map<PollOutcome, LongAdder> polls = new EnumMap<>(PollOutcome.class);
  private final Map<Topics.Role, LongAdder> published = new EnumMap<>(Topics.Role.class);
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final LongAdder transactions = new LongAdder();
  private final LongAdder transactionRecords = new LongAdder();
  private final AtomicLong transactionRecordsMax = new AtomicLong();
  private final AtomicLong feeds = new AtomicLong();
  private final List<MetricName> registered = new CopyOnWriteArrayList<>();
  /**
   * The instance each registered name shows, across the instances of a task on this worker: the one
   * registered last, so a task started again while its earlier instance still stops shows its own
   * values, and the earlier one's close leaves them.
   */
  private static final Map<MetricName, TaskMetrics> OWNERS = new HashMap<>();

  /**
   * Registers the metrics with fixed tags at once, so their series start at zero.
   *
   * @param plugin the task's plugin metrics; its metrics go when the task is closed
   * @param topics the topics the task's records go to, to name their roles
   */
  TaskMetrics(@Nullable PluginMetrics plugin, Topics topics) {
    this.plugin = plugin;
    this.topics = requireNonNull(topics, "topics");
    for (PollOutcome outcome : PollOutcome.values()) {
      LongAdder count = new LongAdder();
      polls.put(outcome, count);
      register(POLLS, "Feed polls by outcome", "outcome", outcome.label(), count::sum);
    }
    for (Topics.Role role : Topics.Role.values()) {
      LongAdder count = new LongAdder();
      published.put(role, count);
      register(PUBLISHED, "Records handed to the worker to commit, by their topic's role", "topic", role.label(),
          count::sum);
    }
    register(TRANSACTIONS, "Transactions handed to the worker: the feed polls ready at one poll()", null, null,
        transactions::sum);
    register(TRANSACTION_RECORDS, "Records of those transactions", null, null, transactionRecords::sum);
    register(TRANSACTION_RECORDS_MAX, "The most records one transaction held since the task started",
        null, null, transactionRecordsMax::get);
    register(FEEDS, "Feeds this task owns (its share of the feeds topic)", null, null, feeds::get);
  }

  /** Counts one feed poll that ended as {@code outcome}. */
  void recordPoll(PollOutcome outcome) {
    polls.get(requireNonNull(outcome, "outcome")).increment();
  }

  /**
   * Counts one transaction as the task hands it to the worker: the records of the feed polls' {@code
   * plans} it commits together.
   */
  void recordTransaction(List<PollPlans.Plan> plans) {
    requireNonNull(plans, "plans");
    int records = 0;
    for (PollPlans.Plan plan : plans) {
      for (OutRecord r : plan.records()) {
        topics.roleOf(r.topic()).ifPresent(role -> published.get(role).increment());
      }
      for (String kind : plan.deadLetterKinds()) {
        deadLetters.computeIfAbsent(kind.isBlank() ? "unknown" : kind, k -> {
          LongAdder count = new LongAdder();
          register(DEAD_LETTERS, "Items or feeds sent to the dead-letter topic, by kind", "kind", k, count::sum);
          return count;
        }).increment();
      }
      records += plan.records().size();
    }
    if (records > 0) {
      transactions.increment();
      transactionRecords.add(records);
      transactionRecordsMax.accumulateAndGet(records, Math::max);
    }
  }

  /**
   * Removes this instance's metrics from the worker's registry at once, as the task stops (#23): a
   * task whose stop outlasts the worker's graceful timeout may be started again on the same worker
   * while the old instance is still stopping; the names the newer instance took over stay its own.
   */
  void close() {
    if (plugin == null) {
      return;
    }
    synchronized (OWNERS) {
      for (MetricName name : registered) {
        if (OWNERS.remove(name, this)) {
          try {
            plugin.removeMetric(name);
          } catch (RuntimeException alreadyGone) {
            // the worker closed the task's plugin metrics first
          }
        }
      }
      registered.clear();
    }
  }

  /** The number of feeds the task owns now. */
  void feedsOwned(int count) {
    feeds.set(count);
  }

  private void register(String name, String description, @Nullable String tag, @Nullable String value,
      LongSupplier read) {
    if (plugin == null) {
      return;
    }
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    if (tag != null) {
      tags.put(tag, value);
    }
    MetricName metricName = plugin.metricName(name, description, tags);
    synchronized (OWNERS) {
      TaskMetrics earlier = OWNERS.get(metricName);
      if (earlier != null && earlier.plugin != null) {
        // an earlier instance of this task, still stopping, holds the name: the worker runs this one
        // now, so its values are the ones to show (#23); only the plugin metrics that added a name
        // remove it
        try {
          earlier.plugin.removeMetric(metricName);
        } catch (RuntimeException alreadyGone) {
          // the worker closed the earlier instance's plugin metrics meanwhile
        }
      }
      try {
        plugin.addMetric(metricName, (Measurable) (config, now) -> read.getAsLong());
      } catch (IllegalArgumentException taken) {
        log.warn("feedpipe's task metric {} {} is registered by something else on this worker; "
            + "this task's value is not shown", name, tags);
        return;
      }
      OWNERS.put(metricName, this);
      registered.add(metricName);
    }
  }
}
