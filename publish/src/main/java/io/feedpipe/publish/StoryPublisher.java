package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * publish's front door: commits each poll result — its new or changed stories, flagged copies,
 * dead letters, feed-status record and new feed state — in one Kafka transaction, so that a
 * {@code read_committed} consumer sees every story once per revision across crashes, restarts and
 * broker outages. Kafka is the only store: the feed states live in the compacted feed-state topic
 * and are read back at {@link #start}.
 *
 * <p>Errors: when Kafka is unreachable or a transaction fails, {@link #publish} throws the
 * retriable {@link BrokerUnavailableException}; nothing was committed and the feed's state did not
 * advance. A failure whose outcome is not known (the commit itself timed out, the producer hit a
 * fatal error) closes the producer; before the next transaction a new one is created — its
 * {@code initTransactions()} completes or aborts whatever the old one left — and the states are
 * read again from the feed-state topic, so a poll result retried after a commit that did land
 * publishes nothing twice. {@link PublisherFencedException} (fatal) means another instance took
 * {@code kafka.transactionalId}.
 *
 * <p>Bounds: each producer call blocks at most {@code kafka.maxBlock}; one {@link #publish} at
 * most about three times that. Nothing is queued here: during an outage memory stays bounded
 * because callers are turned away, not buffered.
 *
 * <p>Thread-safety: safe for concurrent use. Transactions are serialised (one producer, one open
 * transaction at a time) by a lock that {@link #publish} holds; {@link #readiness()},
 * {@link #state}, {@link #states()} and {@link #close()} never wait for it. Call {@link #publish}
 * from a worker thread, never from one that must stay responsive. The caller of {@link #start}
 * owns the publisher and closes it.
 */
public final class StoryPublisher implements AutoCloseable, MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(StoryPublisher.class);

  private final PublishSettings settings;
  private final Topics topics;
  private final PollPlanner planner;
  private final TransactionHook hook;
  private final ReentrantLock transactionLock = new ReentrantLock();
  private final Map<String, FeedState> states = new ConcurrentHashMap<>();
  private final PublishMetrics metrics = new PublishMetrics();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private volatile @Nullable Producer<String, byte[]> producer;
  private volatile @Nullable KafkaClientMetrics producerMetrics;
  private volatile Readiness readiness = Readiness.notReady("starting");
  private volatile boolean fenced;
  private volatile boolean closed;
  /** Set when a transaction's outcome is unknown: re-read the states before the next one. Guarded by transactionLock. */
  private boolean resyncNeeded;
  /** When the current outage began; null when Kafka answers. Guarded by transactionLock. */
  private @Nullable Instant unavailableSince;

  private StoryPublisher(PublishSettings settings, TransactionHook hook) {
    this.settings = settings;
    this.topics = new Topics(settings.topicPrefix());
    this.planner = new PollPlanner(topics, settings);
    this.hook = hook;
  }

  /**
   * Creates missing topics, restores every feed's state from the feed-state topic to its end
   * offsets (read_committed), then returns.
   *
   * @throws IllegalStateException when Kafka does not answer within {@code publish.startTimeout}
   * @throws PublisherFencedException when another instance holds the transactional id meanwhile
   */
  public static StoryPublisher start(PublishSettings settings) throws InterruptedException {
    return start(settings, TransactionHook.NONE);
  }

  static StoryPublisher start(PublishSettings settings, TransactionHook hook) throws InterruptedException {
    requireNonNull(settings, "settings");
    StoryPublisher publisher = new StoryPublisher(settings, hook);
    publisher.open();
    return publisher;
  }

  private void open() throws InterruptedException {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      transactionLock.lockInterruptibly();
      try {
        try (Admin admin = Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
            AdminClientConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-admin"))) {
          TopicSetup.ensure(admin, topics, settings);
        }
        resyncNeeded = true;
        ensureProducer();
        readiness = Readiness.ok();
        return;
      } catch (ExecutionException | TimeoutException | BrokerUnavailableException | KafkaException e) {
        if (e instanceof ProducerFencedException) {
          throw fencedAt("start", e);
        }
        last = e;
        log.warn("Kafka at {} not ready yet, retrying: {}", settings.bootstrapServers(), e.toString());
      } finally {
        transactionLock.unlock();
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " (kafka.bootstrapServers) did not "
        + "create topics and return the feed states within " + settings.startTimeout() + " (publish.startTimeout)"
        + (last == null ? "" : ": " + last.getMessage()), last);
  }

  /** The feed's last committed state, when it has one. */
  public Optional<FeedState> state(String feedId) {
    requireNonNull(feedId, "feedId");
    return Optional.ofNullable(states.get(feedId));
  }

  /** Every feed's last committed state (a snapshot). */
  public Collection<FeedState> states() {
    return List.copyOf(states.values());
  }

  /** The topic names this publisher writes. */
  public Topics topics() {
    return topics;
  }

  /**
   * One Kafka transaction: stories new or changed vs the seen map (revision+1 on change), flagged
   * copies, dead letters, the feed-status record, the new feed state (seen merged and pruned by the
   * rule in {@code PollPlanner}: keys in this poll always kept, others dropped after {@code
   * publish.seenRetention}, at most {@code publish.maxSeenPerFeed} of them).
   *
   * @throws BrokerUnavailableException retriable: nothing committed, the state did not advance;
   *     publish this poll result (or a newer poll of the feed) again later
   * @throws PublisherFencedException fatal: another instance took {@code kafka.transactionalId}
   * @throws InterruptedException interrupted while waiting for the lock or for Kafka; nothing of
   *     this poll result is known to be committed, the states are re-read before the next one
   * @throws IllegalStateException when the publisher is closed
   */
  public PublishReceipt publish(PollResult result) throws BrokerUnavailableException, InterruptedException {
    requireNonNull(result, "result");
    transactionLock.lockInterruptibly();
    try {
      checkUsable();
      Producer<String, byte[]> p = ensureProducer();
      String feedId = result.state().feedId();
      TransactionPlan plan = planner.plan(Optional.ofNullable(states.get(feedId)), result);
      long began = System.nanoTime();
      try {
        p.beginTransaction();
        for (OutRecord r : plan.records()) {
          p.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers()));
        }
      } catch (KafkaException e) {
        throw failed(feedId, e, false);
      }
      hook.afterSends(feedId);
      try {
        p.commitTransaction();
      } catch (KafkaException e) {
        throw failed(feedId, e, true);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      states.put(feedId, plan.newState());
      if (unavailableSince != null) {
        log.info("Kafka at {} available again after {}", settings.bootstrapServers(),
            Duration.between(unavailableSince, Instant.now()));
        unavailableSince = null;
      }
      readiness = Readiness.ok();
      metrics.newStories.add(plan.newStories());
      metrics.updatedStories.add(plan.updatedStories());
      metrics.unchangedStories.add(plan.unchangedStories());
      metrics.deadLetters.add(plan.deadLetters());
      metrics.transaction(took);
      hook.afterCommit(feedId);
      return new PublishReceipt(plan.newStories(), plan.updatedStories(), plan.unchangedStories(),
          plan.recordsByTopic(), plan.deadLetters(), took);
    } finally {
      transactionLock.unlock();
    }
  }

  /** Whether the publisher can commit now, and why not. Never blocks. */
  public Readiness readiness() {
    return readiness;
  }

  /**
   * Binds publish's meters ({@code feedpipe.publish.*}) and the producer's Kafka client metrics
   * ({@link KafkaClientMetrics}), rebound whenever the producer is recreated.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    registries.add(registry);
    metrics.bindTo(registry, () -> readiness.ready(), states::size);
    KafkaClientMetrics current = producerMetrics;
    if (current != null) {
      current.bindTo(registry);
    }
  }

  /**
   * Closes the producer (waiting at most {@code kafka.maxBlock}); an open transaction is aborted by
   * the broker. Does not wait for a {@link #publish} in progress, which then fails.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    readiness = Readiness.notReady("closed");
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(settings.maxBlock());
    }
    KafkaClientMetrics m = producerMetrics;
    producerMetrics = null;
    if (m != null) {
      m.close();
    }
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("the publisher for kafka.transactionalId '" + settings.transactionalId()
          + "' is closed");
    }
    if (fenced) {
      throw new PublisherFencedException(fencedMessage("an earlier transaction"), null);
    }
  }

  /** Returns the producer, creating it (and re-reading the states when needed) first. Holds transactionLock. */
  private Producer<String, byte[]> ensureProducer() throws BrokerUnavailableException, InterruptedException {
    Producer<String, byte[]> p = producer;
    if (p == null) {
      p = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
      try {
        p.initTransactions();
      } catch (ProducerFencedException e) {
        p.close(Duration.ZERO);
        throw fencedAt("initTransactions", e);
      } catch (InterruptException e) {
        p.close(Duration.ZERO);
        throw interrupted(e);
      } catch (KafkaException e) {
        p.close(Duration.ZERO);
        throw unavailable("could not initialise the transactional producer", e);
      }
      if (closed) {
        p.close(Duration.ZERO);
        throw new IllegalStateException("the publisher was closed while its producer was being created");
      }
      producer = p;
      rebindProducerMetrics(p);
    }
    if (resyncNeeded) {
      try {
        Map<String, FeedState> restored = StateRestore.read(settings, topics, settings.maxBlock().multipliedBy(3));
        states.clear();
        states.putAll(restored);
        resyncNeeded = false;
      } catch (TimeoutException | KafkaException e) {
        throw unavailable("could not read the feed states from " + topics.feedState(), e);
      }
    }
    return p;
  }

  /**
   * Handles a failed transaction and returns the exception to throw. Before the commit call the
   * outcome is known (nothing committed), so an abort keeps the producer; a failed commit or abort
   * has an unknown outcome: the producer is closed and the states are re-read before the next
   * transaction.
   */
  private BrokerUnavailableException failed(String feedId, KafkaException e, boolean duringCommit)
      throws BrokerUnavailableException, InterruptedException {
    metrics.failed.increment();
    if (isFencing(e)) {
      abandonProducer();
      throw fencedAt("the transaction of feed " + feedId, e);
    }
    if (e instanceof InterruptException ie) {
      abandonProducer();
      throw interrupted(ie);
    }
    if (duringCommit) {
      abandonProducer();
    } else {
      try {
        requireNonNull(producer, "producer").abortTransaction();
      } catch (KafkaException abortFailure) {
        e.addSuppressed(abortFailure);
        if (isFencing(abortFailure)) {
          abandonProducer();
          throw fencedAt("the transaction of feed " + feedId, abortFailure);
        }
        abandonProducer();
      }
    }
    return unavailable("the transaction of feed " + feedId + (duringCommit
        ? " failed at commit; the feed states are re-read from Kafka before the next transaction"
        : " failed and was aborted"), e);
  }

  private void abandonProducer() {
    Producer<String, byte[]> p = producer;
    producer = null;
    resyncNeeded = true;
    metrics.recreations.increment();
    if (p != null) {
      try {
        p.close(Duration.ZERO);
      } catch (KafkaException e) {
        log.debug("Closing the failed producer: {}", e.toString());
      }
    }
  }

  private BrokerUnavailableException unavailable(String what, Exception cause) {
    String message = "Kafka at " + settings.bootstrapServers() + " unavailable: " + what + ": " + cause.getMessage();
    if (readiness.ready() || unavailableSince == null) {
      unavailableSince = Instant.now();
      log.warn("{}", message); // once per outage; the retries that follow log at debug
    } else {
      log.debug("{}", message);
    }
    readiness = Readiness.notReady("broker unavailable since " + unavailableSince + ": " + cause.getMessage());
    return new BrokerUnavailableException(message, cause);
  }

  private PublisherFencedException fencedAt(String where, Exception cause) {
    fenced = true;
    String message = fencedMessage(where);
    readiness = Readiness.notReady("fenced: " + message);
    log.error("{}", message);
    return new PublisherFencedException(message, cause);
  }

  private String fencedMessage(String where) {
    return "Another instance took over kafka.transactionalId '" + settings.transactionalId() + "' (fenced at "
        + where + "); this instance can never commit again and must stop. Give each instance its own "
        + "kafka.transactionalId.";
  }

  private static InterruptedException interrupted(InterruptException e) {
    Thread.currentThread().interrupt();
    InterruptedException ie = new InterruptedException("interrupted while talking to Kafka");
    ie.initCause(e);
    Thread.interrupted();
    return ie;
  }

  private static boolean isFencing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private void rebindProducerMetrics(Producer<String, byte[]> p) {
    KafkaClientMetrics old = producerMetrics;
    if (old != null) {
      old.close();
    }
    KafkaClientMetrics fresh = new KafkaClientMetrics(p);
    for (MeterRegistry r : registries) {
      fresh.bindTo(r);
    }
    producerMetrics = fresh;
  }

  private Properties producerConfig() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(1_048_576, settings.maxStoryBytes() + 65_536)));
    props.putAll(settings.producerOverrides());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()));
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(settings.transactionTimeout().toMillis()));
    return props;
  }

}
