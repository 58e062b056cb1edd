package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
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
 * <p>Group commit: one publishing thread owns the transactional producer. Poll results handed to
 * {@link #publish} by concurrent callers queue for it (at most {@code publish.maxQueuedPolls};
 * further callers block) and up to {@code publish.maxPollsPerTransaction} of them share one
 * transaction. Each poll is still all or nothing, and its caller returns once it committed.
 *
 * <p>Errors: when Kafka is unreachable or a transaction fails, {@link #publish} throws the
 * retriable {@link BrokerUnavailableException}; nothing of that poll was committed and the feed's
 * state did not advance. A failure whose outcome is not known (the commit itself failed or timed
 * out, a fatal producer error) closes the producer; before the next transaction a new one is
 * created — its {@code initTransactions()} completes or aborts whatever the old one left — and the
 * states are read again from the feed-state topic, so a poll retried after a commit that did land
 * publishes nothing twice. {@link PublisherFencedException} (fatal) means another instance took
 * {@code kafka.transactionalId}. A record Kafka refuses for good (too large for the topic, invalid)
 * is no outage: the transaction is aborted and retried with that story dead-lettered; a poll whose
 * own dead letter, status or state record is refused fails alone with {@link RecordRefusedException}.
 *
 * <p>Bounds: each producer call blocks at most {@code kafka.maxBlock}, so one transaction attempt
 * takes at most about three times that; the queue holds at most {@code publish.maxQueuedPolls}
 * poll results, so memory stays bounded during an outage.
 *
 * <p>Thread-safety: safe for concurrent use. {@link #publish} blocks its caller until the poll
 * committed or failed: call it from a worker (virtual) thread, never from one that must stay
 * responsive. {@link #readiness()}, {@link #state}, {@link #states()} never block. The caller of
 * {@link #start} owns the publisher and closes it; closing stops the publishing thread.
 */
public final class StoryPublisher implements AutoCloseable, MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(StoryPublisher.class);

  private final PublishSettings settings;
  private final Topics topics;
  private final PollPlanner planner;
  private final TransactionHook hook;
  private final Map<String, FeedState> states = new ConcurrentHashMap<>();
  /** The feed-status records found at start; written once by {@link #open()}. */
  private final Map<String, FeedStatus> restoredStatuses = new ConcurrentHashMap<>();
  private final BlockingQueue<Request> queue;
  /** The most poll results ever waiting in {@link #queue} at once, as seen by the callers that queued them. */
  private final AtomicInteger queuedPeak = new AtomicInteger();
  private final PublishMetrics metrics = new PublishMetrics();
  private final ReentrantLock metricsLock = new ReentrantLock();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private @Nullable KafkaClientMetrics producerMetrics; // guarded by metricsLock
  private volatile @Nullable Producer<String, byte[]> producer; // used by the publishing thread; close() may close it
  private volatile Readiness readiness = Readiness.notReady("starting");
  private volatile boolean fenced;
  private volatile boolean closed;
  private @Nullable Thread publishingThread;
  /** Set when a transaction's outcome is unknown: re-read the states before the next one. Publishing thread only. */
  private boolean resyncNeeded;
  /**
   * Where the next re-read of the feed-state topic starts: where the last read ended, or after the
   * last state record of a transaction known to have committed since. Publishing thread only.
   */
  private @Nullable Map<TopicPartition, Long> restoredUpTo;
  /** Whether {@link #start} is still running: its restore is bounded by {@link #startDeadline}. */
  private boolean starting;
  /** The {@link System#nanoTime()} by which {@link #start} must have restored the states. */
  private long startDeadline;
  /** When the current outage began; null while Kafka answers. Publishing thread only. */
  private @Nullable Instant unavailableSince;

  /** A poll result to publish, or (with {@code result} null) a feed whose state and status to forget. */
  private record Request(@Nullable PollResult result, String feedId, CompletableFuture<PublishReceipt> done) {
    static Request publish(PollResult result) {
      return new Request(result, result.state().feedId(), new CompletableFuture<>());
    }

    static Request forget(String feedId) {
      return new Request(null, feedId, new CompletableFuture<>());
    }

    /** The feed, for messages: its URL and id, or its id alone when forgetting it. */
    String what() {
      return result == null ? "feed " + feedId : result.state().url() + ": the poll result of feed " + feedId;
    }
  }

  private record Planned(Request request, TransactionPlan plan) {}

  private StoryPublisher(PublishSettings settings, TransactionHook hook) {
    this.settings = settings;
    this.topics = new Topics(settings.topicPrefix());
    this.planner = new PollPlanner(topics, settings);
    this.hook = hook;
    this.queue = new ArrayBlockingQueue<>(settings.maxQueuedPolls());
  }

  /**
   * Creates missing topics, restores every feed's state from the feed-state topic to its end
   * offsets (read_committed), then returns.
   *
   * @throws IllegalStateException when Kafka does not answer within {@code publish.startTimeout}
   * @throws KafkaAccessException at once, without retrying, when Kafka refuses the credentials,
   *     the TLS handshake fails, an ACL denies an operation or a client refuses its configuration
   * @throws PublisherFencedException when another instance holds the transactional id meanwhile
   */
  public static StoryPublisher start(PublishSettings settings) throws InterruptedException {
    return start(settings, TransactionHook.NONE);
  }

  static StoryPublisher start(PublishSettings settings, TransactionHook hook) throws InterruptedException {
    requireNonNull(settings, "settings");
    StoryPublisher publisher = new StoryPublisher(settings, hook);
    publisher.open();
    Thread thread = Thread.ofPlatform().name("feedpipe-publisher-" + settings.transactionalId()).daemon(true)
        .unstarted(publisher::publishLoop);
    publisher.publishingThread = thread;
    thread.start();
    return publisher;
  }

  /** Runs on the starting thread, before the publishing thread exists. */
  private void open() throws InterruptedException {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    startDeadline = deadline;
    starting = true;
    Exception last = null;
    boolean opened = false;
    try {
      while (System.nanoTime() < deadline) {
        try {
          try (Admin admin = Admin.create(settings.kafka().config(KafkaClientSettings.Client.ADMIN,
              Map.of(AdminClientConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-admin"), Map.of()))) {
            TopicSetup.ensure(admin, topics, settings);
          }
          resyncNeeded = true;
          ensureProducer();
          restoredStatuses.putAll(StateRestore.readStatuses(settings, topics,
              Duration.ofNanos(Math.max(0, Math.min(deadline - System.nanoTime(), settings.maxBlock().toNanos())))));
          readiness = Readiness.ok();
          opened = true;
          starting = false;
          return;
        } catch (ExecutionException | TimeoutException | BrokerUnavailableException | KafkaException e) {
          // refused credentials, a failed TLS handshake, a denied ACL, a client refusing its
          // configuration: retrying changes nothing, so stop at once and say which settings to fix
          Optional<KafkaAccessException> fatal = KafkaAccessException.of(e, settings.bootstrapServers());
          if (fatal.isPresent()) {
            readiness = Readiness.notReady(fatal.get().getMessage());
            throw fatal.get();
          }
          last = e;
          log.warn("Kafka at {} not ready yet, retrying: {}", settings.bootstrapServers(), e.toString());
        }
        Thread.sleep(1000);
      }
      throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " (kafka.bootstrapServers) did not "
          + "create topics and return the feed states within " + settings.startTimeout() + " (publish.startTimeout)"
          + (last == null ? "" : ": " + last.getMessage())
          + "; if the cluster needs TLS or SASL, set kafka.common.security.protocol", last);
    } finally {
      Producer<String, byte[]> p = producer;
      if (!opened && p != null) {
        producer = null;
        p.close(Duration.ZERO);
      }
    }
  }


  /** The feed's last committed state, when it has one. */
  public Optional<FeedState> state(String feedId) {
    requireNonNull(feedId, "feedId");
    return Optional.ofNullable(states.get(feedId));
  }

  /**
   * The last feed-status record each feed had in Kafka when this publisher started (a snapshot):
   * the outcome and error of polls made before a restart. Never blocks.
   */
  public Map<String, FeedStatus> restoredStatuses() {
    return Map.copyOf(restoredStatuses);
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
   * publish.seenRetention}, at most {@code publish.maxSeenPerFeed} of them). The transaction may
   * also carry other callers' polls (group commit); this poll is all or nothing either way.
   *
   * @throws BrokerUnavailableException retriable: publish this poll result (or a newer poll of the
   *     feed) again later; nothing of it was committed, or the outcome is unknown and the states
   *     are re-read before the next transaction, so the retry publishes nothing twice
   * @throws PublisherFencedException fatal: another instance took {@code kafka.transactionalId}
   * @throws RecordRefusedException permanent for this poll: Kafka refused one of its records for good
   *     and it could not be dead-lettered; nothing of it was committed
   * @throws InterruptedException interrupted while queued or waiting; the poll may still commit,
   *     and a retry is judged against the state it leaves, so nothing is published twice
   * @throws IllegalStateException when the publisher is closed
   */
  public PublishReceipt publish(PollResult result) throws BrokerUnavailableException, InterruptedException {
    requireNonNull(result, "result");
    return submit(Request.publish(result));
  }

  /**
   * Forgets a feed that is no longer configured: its feed-state and feed-status records are
   * deleted (tombstones, in one transaction) and its state leaves memory, so a feed with this id
   * configured later starts afresh and publishes its stories again as new.
   *
   * @throws BrokerUnavailableException retriable: nothing was deleted, or the outcome is unknown
   *     (the states are re-read before the next transaction)
   * @throws PublisherFencedException fatal: another instance took {@code kafka.transactionalId}
   * @throws InterruptedException interrupted while queued or waiting; the tombstones may still commit
   * @throws IllegalStateException when the publisher is closed
   */
  public void forget(String feedId) throws BrokerUnavailableException, InterruptedException {
    requireNonNull(feedId, "feedId");
    submit(Request.forget(feedId));
  }

  private PublishReceipt submit(Request request) throws BrokerUnavailableException, InterruptedException {
    checkUsable();
    queue.put(request); // blocks while publish.maxQueuedPolls wait: the memory bound during an outage
    queuedPeak.accumulateAndGet(queue.size(), Math::max);
    if (closed) {
      queue.remove(request);
      checkUsable();
    }
    try {
      return request.done().get();
    } catch (InterruptedException e) {
      queue.remove(request);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // rethrown as new instances so the caller's stack shows up, the publishing thread's as the cause
      if (cause instanceof BrokerUnavailableException b) {
        throw new BrokerUnavailableException(b.getMessage(), b);
      }
      if (cause instanceof PublisherFencedException f) {
        throw new PublisherFencedException(f.getMessage(), f);
      }
      if (cause instanceof RecordRefusedException r) {
        throw new RecordRefusedException(r.getMessage(), r);
      }
      if (cause instanceof IllegalStateException i) {
        throw new IllegalStateException(i.getMessage(), i);
      }
      if (cause instanceof IllegalArgumentException i) {
        throw new IllegalArgumentException(i.getMessage(), i);
      }
      throw new IllegalStateException(request.what() + " failed: " + cause, cause);
    }
  }

  /** The most poll results that ever waited for the publishing thread at once: at most {@code publish.maxQueuedPolls}. */
  int queuedPollsPeak() {
    return queuedPeak.get();
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
    metricsLock.lock();
    try {
      registries.add(registry);
      metrics.bindTo(registry, queue::size,
          () -> (int) states.values().stream().filter(s -> s.seen().stability().guidsUnstable()).count(),
          () -> (int) states.values().stream().filter(s -> s.seen().stability().datesUnstable()).count());
      if (producerMetrics != null) {
        producerMetrics.bindTo(registry);
      }
    } finally {
      metricsLock.unlock();
    }
  }

  /**
   * Stops the publishing thread and closes the producer, waiting at most about twice {@code
   * kafka.maxBlock}; an open transaction is aborted by the broker. Callers still waiting in
   * {@link #publish} get an {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    readiness = Readiness.notReady("closed");
    Thread thread = publishingThread;
    Producer<String, byte[]> p = producer;
    if (p != null) {
      p.close(settings.maxBlock()); // fails a call the publishing thread may be blocked in
    }
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(settings.maxBlock().multipliedBy(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    failQueued();
    metricsLock.lock();
    try {
      if (producerMetrics != null) {
        producerMetrics.close();
        producerMetrics = null;
      }
    } finally {
      metricsLock.unlock();
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

  private void publishLoop() {
    try {
      while (!closed) {
        Request first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Request> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, settings.maxPollsPerTransaction() - 1);
        commit(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("The publishing thread failed; the publisher stops", e);
      readiness = Readiness.notReady("publishing thread failed: " + e);
      closed = true;
    } finally {
      Producer<String, byte[]> p = producer;
      producer = null;
      if (p != null) {
        p.close(Duration.ZERO);
      }
      failQueued();
    }
  }

  private void failQueued() {
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    for (Request r : left) {
      r.done().completeExceptionally(new IllegalStateException("the publisher for kafka.transactionalId '"
          + settings.transactionalId() + "' was closed before feed " + r.feedId() + " was published"));
    }
  }

  /**
   * One transaction for a batch of poll results. When Kafka refuses a record for good ({@link
   * RefusedSend}) the transaction is aborted and the rest tried again in a new one: a refused story
   * is dead-lettered instead, a poll whose dead letter, status or state record is refused (or any
   * record of a topic refused as a whole) fails alone with {@link RecordRefusedException}. Each
   * round refuses at least one more story or drops a poll, so the rounds end. Publishing thread only.
   */
  private void commit(List<Request> batch) {
    Map<Request, Map<String, RefusedSend>> refused = new IdentityHashMap<>();
    List<Request> left = batch;
    while (!left.isEmpty()) {
      left = attempt(left, refused);
    }
  }

  /** One transaction attempt; returns the requests to try again in a new transaction (usually none). */
  private List<Request> attempt(List<Request> batch, Map<Request, Map<String, RefusedSend>> refused) {
    if (fenced || closed) {
      failRequests(batch, closed
          ? new IllegalStateException("the publisher is closed")
          : new PublisherFencedException(fencedMessage("an earlier transaction"), null));
      return List.of();
    }
    Producer<String, byte[]> p;
    try {
      p = ensureProducer();
    } catch (BrokerUnavailableException | RuntimeException e) {
      failRequests(batch, e);
      return List.of();
    }
    Map<String, @Nullable FeedState> pending = new HashMap<>(); // null: forgotten
    List<Planned> planned = new ArrayList<>();
    for (Request r : batch) {
      String feedId = r.feedId();
      try {
        FeedState prior = pending.containsKey(feedId) ? pending.get(feedId) : states.get(feedId);
        PollResult result = r.result();
        TransactionPlan plan = result == null ? planner.forget(feedId)
            : planner.plan(Optional.ofNullable(prior), result, refused.getOrDefault(r, Map.of()));
        pending.put(feedId, plan.newState());
        planned.add(new Planned(r, plan));
      } catch (RuntimeException e) {
        r.done().completeExceptionally(new IllegalArgumentException(r.what() + " cannot be published: " + e, e));
      }
    }
    if (planned.isEmpty()) {
      return List.of();
    }
    List<String> feedIds = planned.stream().map(x -> x.request().feedId()).toList();
    Queue<FailedSend> failures = new ConcurrentLinkedQueue<>(); // in the order the sends failed
    Map<TopicPartition, Long> stateOffsets = new ConcurrentHashMap<>(); // the last state record sent to each partition
    long began = System.nanoTime();
    try {
      p.beginTransaction();
      for (Planned x : planned) {
        for (OutRecord r : x.plan().records()) {
          Future<RecordMetadata> future;
          try {
            future = p.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers()),
                (metadata, error) -> {
                  if (error != null) {
                    failures.add(new FailedSend(x, r, error));
                  } else if (r.topic().equals(topics.feedState())) {
                    stateOffsets.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(),
                        Math::max);
                  }
                });
          } catch (KafkaException e) {
            failures.add(new FailedSend(x, r, e));
            throw e;
          }
          if (future.isDone()) {
            failFast(future); // a send refused at once (metadata timed out, error state): stop before the next blocks too
          }
        }
      }
    } catch (KafkaException e) {
      if (mayBeRefusal(e, failures)) {
        return abortAndRetryWithout(planned, feedIds, failures, refused, e);
      }
      failAll(planned, failed(feedIds, e, false));
      return List.of();
    } catch (RuntimeException e) {
      failAll(planned, unexpected(feedIds, e));
      return List.of();
    }
    hook.afterSends(feedIds);
    try {
      p.commitTransaction();
    } catch (KafkaException e) {
      // A record refused for good fails the transaction before its EndTxn is sent (the commit
      // waits for every batch), so the abort that follows succeeds: nothing committed.
      if (mayBeRefusal(e, failures)) {
        return abortAndRetryWithout(planned, feedIds, failures, refused, e);
      }
      failAll(planned, failed(feedIds, e, true));
      return List.of();
    } catch (RuntimeException e) {
      failAll(planned, unexpected(feedIds, e));
      return List.of();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    pending.forEach((feedId, state) -> {
      if (state == null) {
        states.remove(feedId);
      } else {
        states.put(feedId, state);
      }
    });
    readOnlyAfter(stateOffsets);
    if (unavailableSince != null) {
      log.info("Kafka at {} available again after {}", settings.bootstrapServers(),
          Duration.between(unavailableSince, Instant.now()));
      unavailableSince = null;
    }
    readiness = Readiness.ok();
    metrics.transaction(took);
    hook.afterCommit(feedIds);
    for (Planned x : planned) {
      x.plan().findings().forEach(log::warn);
      x.request().done().complete(x.plan().receipt(took));
    }
    return List.of();
  }

  /** A send that failed: what its callback got, or what {@code send} threw. */
  private record FailedSend(Planned owner, OutRecord record, Exception error) {}

  /** Whether Kafka may have refused a record of the transaction for good (and the producer is not fenced). */
  private static boolean mayBeRefusal(KafkaException e, Queue<FailedSend> failures) {
    if (isFencing(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (RefusedSend.scope(t).isPresent()) {
        return true;
      }
    }
    return failures.stream().anyMatch(f -> RefusedSend.scope(f.error()).isPresent());
  }

  /**
   * Aborts a transaction that Kafka may have refused a record of, and returns the polls to publish
   * again without it: a refused story event (or flagged copy) becomes a dead letter of its poll; a
   * poll whose other record was refused, or a story refused again, fails alone with {@link
   * RecordRefusedException}. One record per round, the one whose send failed first: once a record
   * is refused the producer fails every other send of the transaction with that same exception, so
   * only the first failure surely names the record Kafka refused. The abort waits for every send of
   * the transaction, so by then the first failure is known.
   */
  private List<Request> abortAndRetryWithout(List<Planned> planned, List<String> feedIds, Queue<FailedSend> failures,
      Map<Request, Map<String, RefusedSend>> refused, KafkaException cause) {
    metrics.failed.increment();
    String what = "the transaction of feed" + (feedIds.size() == 1 ? " " + feedIds.get(0) : "s " + feedIds);
    try {
      requireNonNull(producer, "producer").abortTransaction();
    } catch (KafkaException abortFailure) {
      cause.addSuppressed(abortFailure);
      abandonProducer(); // outcome unknown after all: the states are re-read before the next attempt
      if (isFencing(abortFailure)) {
        failAll(planned, fencedAt(what, abortFailure));
        return List.of();
      }
    }
    Optional<RefusedSend> first = Optional.empty();
    FailedSend failed = null;
    for (FailedSend f : failures) {
      first = RefusedSend.of(f.record().topic(), f.record().key(), f.error());
      if (first.isPresent()) {
        failed = f;
        break;
      }
    }
    if (failed == null) {
      failAll(planned, unavailable(what + " failed and was aborted", cause));
      return List.of();
    }
    Request request = failed.owner().request();
    RefusedSend refusal = first.get();
    Map<String, RefusedSend> stories = refused.computeIfAbsent(request, x -> new HashMap<>());
    boolean storyEvent = refusal.topic().equals(topics.stories()) || refusal.topic().equals(topics.flagged());
    if (storyEvent && refusal.scope() == RefusedSend.Scope.RECORD && !stories.containsKey(refusal.key())) {
      stories.put(refusal.key(), refusal);
      log.warn("{}: Kafka refused a record for good: {}; the story goes to {} instead",
          request.what(), refusal.describe(), topics.deadLetters());
      return planned.stream().map(Planned::request).toList();
    }
    RecordRefusedException e = new RecordRefusedException(request.what() + " cannot be published: "
        + refusal.describe(), cause);
    request.done().completeExceptionally(e); // the caller logs it, once
    return planned.stream().map(Planned::request).filter(r -> r != request).toList();
  }

  private static void failFast(Future<RecordMetadata> sent) {
    try {
      sent.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private static void failAll(List<Planned> planned, Exception e) {
    failRequests(planned.stream().map(Planned::request).toList(), e);
  }

  private static void failRequests(List<Request> requests, Exception e) {
    for (Request r : requests) {
      r.done().completeExceptionally(e);
    }
  }

  /**
   * A transaction committed with its last state records at {@code stateOffsets}: the states in
   * memory already hold them, so a re-read after a later unknown outcome starts after them and
   * reads only what the uncertain transaction may have written — not every state record committed
   * since the last read, which after a long run is about the whole topic (#22). A state record of
   * another writer before that point is not re-read: it is another instance's feed.
   */
  private void readOnlyAfter(Map<TopicPartition, Long> stateOffsets) {
    if (restoredUpTo == null || stateOffsets.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> next = new HashMap<>(restoredUpTo);
    stateOffsets.forEach((partition, offset) -> next.merge(partition, offset + 1, Math::max));
    restoredUpTo = next;
  }

  /** Returns the producer, creating it (and re-reading the states when needed) first. */
  private Producer<String, byte[]> ensureProducer() throws BrokerUnavailableException {
    Producer<String, byte[]> p = producer;
    if (p == null) {
      p = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
      try {
        p.initTransactions();
      } catch (ProducerFencedException e) {
        p.close(Duration.ZERO);
        throw fencedAt("initTransactions", e);
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
        // at start the whole topic within what is left of publish.startTimeout; after a failure
        // only what was written since the last read, within the bound of a producer call or two
        Duration within = starting
            ? Duration.ofNanos(Math.max(0, startDeadline - System.nanoTime()))
            : settings.maxBlock().multipliedBy(3);
        StateRestore.Restored restored =
            StateRestore.read(settings, topics, restoredUpTo, new HashMap<>(states), within);
        // never empty in between: a poll reading its state now must see the old or the new one
        states.keySet().retainAll(restored.states().keySet());
        states.putAll(restored.states());
        restoredUpTo = restored.positions();
        resyncNeeded = false;
        hook.afterRestore(restored.records(), restored.full());
      } catch (TimeoutException | KafkaException e) {
        throw unavailable("could not read the feed states from " + topics.feedState(), e);
      }
    }
    return p;
  }

  /**
   * Handles a failed transaction and returns the exception its callers get. Before the commit call
   * the outcome is known (nothing committed), so an abort keeps the producer; a failed commit or
   * abort has an unknown outcome: the producer is closed and the states are re-read before the
   * next transaction.
   */
  private Exception failed(List<String> feedIds, KafkaException e, boolean duringCommit) {
    metrics.failed.increment();
    String what = "the transaction of feed" + (feedIds.size() == 1 ? " " + feedIds.get(0) : "s " + feedIds);
    if (isFencing(e)) {
      abandonProducer();
      return fencedAt(what, e);
    }
    if (e instanceof InterruptException || closed) {
      abandonProducer();
      return new IllegalStateException("the publisher was closed during " + what, e);
    }
    if (duringCommit) {
      abandonProducer();
    } else {
      try {
        requireNonNull(producer, "producer").abortTransaction();
      } catch (KafkaException abortFailure) {
        e.addSuppressed(abortFailure);
        abandonProducer();
        if (isFencing(abortFailure)) {
          return fencedAt(what, abortFailure);
        }
      }
    }
    return unavailable(what + (duringCommit
        ? " failed at commit; the feed states are re-read from Kafka before the next transaction"
        : " failed and was aborted"), e);
  }

  /**
   * A transaction failed with something other than a {@link KafkaException} — for example the
   * producer was closed under it by {@link #close()}. Its outcome is unknown: the producer is
   * abandoned and the states re-read, and every caller of the batch gets an answer.
   */
  private Exception unexpected(List<String> feedIds, RuntimeException e) {
    metrics.failed.increment();
    abandonProducer();
    String what = "the transaction of feed" + (feedIds.size() == 1 ? " " + feedIds.get(0) : "s " + feedIds);
    return closed
        ? new IllegalStateException("the publisher was closed during " + what, e)
        : unavailable(what + " failed unexpectedly; the feed states are re-read from Kafka before the next transaction", e);
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

  private static boolean isFencing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private void rebindProducerMetrics(Producer<String, byte[]> p) {
    metricsLock.lock();
    try {
      if (producerMetrics != null) {
        producerMetrics.close();
      }
      KafkaClientMetrics fresh = new KafkaClientMetrics(p);
      for (MeterRegistry r : registries) {
        fresh.bindTo(r);
      }
      producerMetrics = fresh;
    } finally {
      metricsLock.unlock();
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> defaults = Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer",
        ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(1_048_576, settings.maxStoryBytes() + 65_536)));
    Map<String, Object> fixed = Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()),
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(settings.transactionTimeout().toMillis()));
    return settings.kafka().config(KafkaClientSettings.Client.PRODUCER, defaults, fixed);
  }

}
