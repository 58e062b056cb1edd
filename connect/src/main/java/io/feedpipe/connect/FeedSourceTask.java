package io.feedpipe.connect;

import static java.util.Objects.requireNonNull;

import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.FeedScheduler;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.ingest.PollTask;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollResult;
import io.feedpipe.normalize.NormalizeSettings;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.FeedTransitions;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.OutRecord;
import io.feedpipe.publish.PollPlans;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls this task's share of the feeds ({@link FeedSplit}) of the feeds topic the way the service
 * does: ingest's {@link FeedScheduler} runs each feed's poll when it is due, on virtual threads,
 * within {@code schedule.globalConcurrency} polls at once and the per-host limits ({@link
 * FeedConnectorConfig} gives each task its share of them). A finished poll — ingest, normalize,
 * then publish's plan ({@link PollPlans}) — becomes that poll's records (the same topics, keys,
 * value bytes and headers the service commits) and waits in a bounded hand-off for {@link #poll}.
 * A poll's last record (its feed-state record) carries the source partition {@code {feed: <id>}}
 * and, as its source offset, the feed's new state ({@code {state: <base64 of the compact
 * feed-state bytes, their head in binary>}}), so the worker commits a poll's records and the state they were judged
 * against in one transaction; the poll's other records carry neither, so no part of a poll commits
 * the state of the whole. A poll that changed only the state's timing ({@link #onlyTimingChanged}:
 * a steady 304) sends its status record with no source partition or offset and no feed-state record. A feed's
 * state is read back from the worker's {@code OffsetStorageReader} (all new feeds of one read of
 * the feeds topic at once) before it is first scheduled, and its first poll is due when that state
 * says.
 *
 * <p>Transactions: a feed poll is never split. Each {@code poll()} returns the feed polls ready at
 * that moment, whole and in order, at most {@code publish.maxPollsPerTransaction} of them (the
 * service's group commit, under the same key; {@code 1} makes it one transaction per feed poll),
 * and they are one transaction: with the worker's default {@code transaction.boundary=poll} because
 * they are one {@code poll()}'s records, with {@code transaction.boundary=connector} because the
 * task commits at their last record; with {@code transaction.boundary=interval} the worker commits
 * the {@code poll()}s of each interval together, and only between two of them. Per-feed order
 * holds because the scheduler never polls one feed twice at once, each poll is judged against the
 * state the feed's previous poll left, and the hand-off is first in, first out. A poll fetched but not yet returned when the task stops is
 * dropped; its feed's committed offset is the older state, so the next task fetches it again and
 * publishes what it held, once. The feeds topic is read again every {@link #FEEDS_REFRESH}, so
 * feeds added, changed or removed need no restart.
 *
 * <p>Bounds: at most {@code schedule.globalConcurrency} polls in flight and as many finished ones
 * waiting in the hand-off (a poll whose records do not fit waits, holding its slot); a {@code
 * poll()} with nothing ready returns after at most {@link #MAX_IDLE}; {@link #stop} interrupts the
 * polls in flight and waits at most {@code schedule.shutdownTimeout} for them, and never longer than
 * {@link #STOP_WITHIN}. Thread-safety: Connect's contract (one thread calls {@code start}/{@code
 * poll}; {@code stop} from another); the scheduler's threads share only the thread-safe states map
 * and the hand-off.
 */
public final class FeedSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(FeedSourceTask.class);

  /** The source partition's key: the feed id. */
  static final String PARTITION_FEED = "feed";

  /**
   * The source offset's key: the feed's state as base64 of {@link PollPlans#encodeOffsetState} (of
   * {@link PollPlans#encodeState} in offsets written before, which still restore).
   */
  static final String OFFSET_STATE = "state";

  /** How often the feeds topic is read for added, changed or removed feeds. */
  static final Duration FEEDS_REFRESH = Duration.ofSeconds(5);

  /**
   * Longest {@link #stop} waits for the polls in flight it interrupted ({@code schedule.shutdownTimeout}
   * when shorter): below Connect's default {@code task.shutdown.graceful.timeout.ms} of 5 s, so a
   * task whose feed servers hang still stops in time.
   */
  static final Duration STOP_WITHIN = Duration.ofSeconds(3);

  /** Longest a {@code poll()} with no feed poll ready waits before returning nothing. */
  static final Duration MAX_IDLE = Duration.ofSeconds(1);

  /** One finished feed poll: its records in send order, not yet returned by {@link #poll}. */
  private record ReadyPoll(List<SourceRecord> records, PollPlans.Plan plan) {}

  private final InstantSource clock;
  private volatile boolean stopping;

  private @Nullable FeedConnectorConfig config;
  private @Nullable PollPlans plans;
  private volatile @Nullable FeedIngestor ingestor;
  private @Nullable Normalizer normalizer;
  private volatile @Nullable TaskMetrics metrics;
  private volatile @Nullable FeedScheduler scheduler;
  private @Nullable BlockingQueue<ReadyPoll> ready;
  private volatile FeedSource feedSource = FeedSource.NONE;
  /** This task's feeds, by id, as the feeds topic defines them now; the polling thread's own. */
  private Map<String, FeedDefinition> feeds = new LinkedHashMap<>();
  /**
   * The state each feed's last finished poll leaves (empty: never polled), restored from the offsets
   * before the feed is first scheduled. Kept when a feed leaves the task, so a poll still in the
   * hand-off and a feed added back are judged against the newest state.
   */
  private final Map<String, Optional<FeedState>> states = new ConcurrentHashMap<>();
  private Instant nextFeedsRead = Instant.MIN;

  /** What Connect instantiates. */
  public FeedSourceTask() {
    this(InstantSource.system());
  }

  FeedSourceTask(InstantSource clock) {
    this.clock = clock;
  }

  /** Where the task learns its feeds; the feeds topic in a worker, a fixed list in a unit test. */
  interface FeedSource extends AutoCloseable {
    FeedSource NONE = new FeedSource() {
      @Override
      public FeedsTopic.Changes read(Duration within) {
        return new FeedsTopic.Changes(List.of(), List.of());
      }

      @Override
      public void close() {}
    };

    /** What changed since the last read (the first: everything). */
    FeedsTopic.Changes read(Duration within) throws TimeoutException;

    @Override
    void close();
  }

  @Override
  public String version() {
    return Version.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    FeedConnectorConfig c = FeedConnectorConfig.from(props);
    FeedsTopic.Reader reader = FeedsTopic.reader(c.publish());
    start(c, new FeedSource() {
      @Override
      public FeedsTopic.Changes read(Duration within) throws TimeoutException {
        return reader.read(within);
      }

      @Override
      public void close() {
        reader.close();
      }
    });
  }

  /** Starts with {@code source} for the feeds (tests give their own). */
  void start(FeedConnectorConfig c, FeedSource source) {
    this.config = c;
    this.plans = new PollPlans(c.publish());
    this.ingestor = FeedIngestor.create(c.ingest(), clock);
    try {
      this.normalizer = c.normalize().normalizer();
    } catch (IllegalArgumentException e) { // the file changed or went since the config was validated
      throw new ConfigException(NormalizeSettings.RULES_FILE.key(), c.normalize().rulesFile().orElse(null), e.getMessage());
    }
    this.ready = new ArrayBlockingQueue<>(c.ingest().schedule().globalConcurrency());
    this.feedSource = source;
    this.metrics = TaskMetrics.of(context, plans.topics());
    FeedScheduler s = new FeedScheduler(stoppingWithin(c.ingest().schedule()), clock, new PollTask() {
      @Override
      public Instant poll(FeedDefinition feed) throws InterruptedException {
        return pollFeed(feed);
      }

      @Override
      public URI urlOf(FeedDefinition feed) {
        return states.getOrDefault(feed.id(), Optional.empty()).map(st -> st.urlFor(feed)).orElse(feed.url());
      }
    });
    s.start(List.of(), feed -> states.getOrDefault(feed.id(), Optional.empty())
        .flatMap(st -> st.configuredAs(feed).nextDueAt()));
    this.scheduler = s;
    if (stopping) {
      // the worker stopped this instance while it was starting (a rebalance): stop() found no metrics
      // or scheduler yet, so what start() made goes now, or its metrics would hide the next
      // instance's and its scheduler would poll on unseen (#23)
      stop();
      return;
    }
    log.info("feedpipe task {} of {} starting", c.task().index(), c.task().count());
  }

  @Override
  public @Nullable List<SourceRecord> poll() throws InterruptedException {
    if (config == null) {
      throw new IllegalStateException("poll before start");
    }
    if (stopping) {
      closeResources();
      return null;
    }
    Instant now = clock.instant();
    if (!now.isBefore(nextFeedsRead)) {
      readFeeds();
      nextFeedsRead = now.plus(FEEDS_REFRESH);
    }
    long waitMillis = Math.min(MAX_IDLE.toMillis(), Math.max(1, Duration.between(now, nextFeedsRead).toMillis()));
    BlockingQueue<ReadyPoll> handOff = requireNonNull(ready);
    ReadyPoll next = handOff.poll(waitMillis, TimeUnit.MILLISECONDS);
    if (next == null || stopping) {
      if (stopping) {
        closeResources();
      }
      return null;
    }
    // group commit, as the service's publisher does: the feed polls ready now share one transaction
    List<SourceRecord> records = new ArrayList<>(next.records());
    List<PollPlans.Plan> committing = new ArrayList<>(List.of(next.plan()));
    int maxPolls = config.publish().maxPollsPerTransaction();
    for (int polls = 1; polls < maxPolls && (next = handOff.poll()) != null; polls++) {
      records.addAll(next.records());
      committing.add(next.plan());
    }
    TransactionContext transaction = context == null ? null : context.transactionContext();
    if (transaction != null) {
      transaction.commitTransaction(records.getLast());
    }
    requireNonNull(metrics).recordTransaction(committing);
    return records;
  }

  /**
   * {@code schedule} with its {@code shutdownTimeout} at most {@link #STOP_WITHIN}: {@link #stop}
   * interrupts the polls in flight at once and waits no longer for them than that.
   */
  static ScheduleSettings stoppingWithin(ScheduleSettings schedule) {
    if (schedule.shutdownTimeout().compareTo(STOP_WITHIN) <= 0) {
      return schedule;
    }
    return new ScheduleSettings(schedule.defaultInterval(), schedule.minInterval(), schedule.maxInterval(),
        schedule.maxBackoff(), schedule.maxRetryAfter(), schedule.jitter(), schedule.adaptive(),
        schedule.globalConcurrency(), STOP_WITHIN, schedule.perHostConcurrency());
  }

  /** Finished feed polls waiting for {@link #poll}. */
  int readyPolls() {
    BlockingQueue<ReadyPoll> r = ready;
    return r == null ? 0 : r.size();
  }

  /**
   * One poll of {@code feed} on a scheduler thread: its records wait in the hand-off for {@link
   * #poll}; returns when the feed is due next ({@link Instant#MAX}: disabled, until redefined).
   */
  private Instant pollFeed(FeedDefinition feed) throws InterruptedException {
    FeedConnectorConfig c = requireNonNull(config);
    Optional<FeedState> committed = states.get(feed.id());
    if (committed == null) {
      throw new IllegalStateException("feed " + feed.id() + " was scheduled before its offset was read");
    }
    FeedState stored = committed.orElseGet(() -> FeedState.initial(feed.id(), feed.url()));
    FeedState previous = stored.configuredAs(feed);
    if (previous.disabledReason().isPresent()) {
      return Instant.MAX; // a disabled feed (410 Gone) stays so until its URL changes
    }
    FeedIngestor in = ingestor;
    if (in == null) {
      return Instant.MAX; // stopped meanwhile
    }
    IngestResult result = in.poll(feed, stored);
    PollResult poll = result.toPollResult(requireNonNull(normalizer).normalizePoll(result.items()));
    PollPlans.Plan plan = requireNonNull(plans).plan(committed, poll);
    requireNonNull(metrics).recordPoll(result.status().outcome());

    @Nullable Map<String, String> partition;
    @Nullable Map<String, String> offset;
    if (committed.isPresent() && onlyTimingChanged(committed.get(), plan.newState())) {
      // a steady 304: its status record alone, with no offset and no feed-state record (#23)
      plan = withoutStateRecord(plan);
      partition = null;
      offset = null;
    } else {
      partition = partition(feed.id());
      offset = offset(plan.newState());
    }
    // Only the poll's last record carries the offset: a worker stopping while it retries a send
    // commits the records dispatched before it, and their offsets (Connect's final commit). A part
    // of a poll committed without its offset is fetched and published again by the next owner; one
    // committed with it would be lost for good (#23).
    List<SourceRecord> records = new ArrayList<>(plan.records().size());
    for (int i = 0, n = plan.records().size(); i < n; i++) {
      boolean last = i == n - 1;
      records.add(sourceRecord(last ? partition : null, last ? offset : null, plan.records().get(i)));
    }
    states.put(feed.id(), Optional.of(plan.newState()));
    FeedTransitions.log(feed, previous, plan.newState(), poll.status()); // as the service logs them
    if (!records.isEmpty()) {
      requireNonNull(ready).put(new ReadyPoll(records, plan));
    }
    return plan.newState().nextDueAt().orElseGet(() -> clock.instant().plus(c.ingest().schedule().defaultInterval()));
  }

  /**
   * Whether {@code next} is {@code before} but for when the feed was polled, last succeeded and is
   * due next: what a steady 304 leaves. An OK poll rarely is: it sets its stories' last-seen second,
   * which the pruning of seen stories reads. Such a poll's offset would tell a task that moves
   * nothing but the timing, so it is not written: the task that takes the feed over polls it once
   * earlier than it would have, with the same validators, and publishes nothing twice.
   */
  static boolean onlyTimingChanged(FeedState before, FeedState next) {
    return before.equals(new FeedState(next.feedId(), next.url(), next.movedFrom(), next.etag(), next.lastModified(),
        next.seen(), next.consecutiveErrors(), before.lastPollAt(), before.lastSuccessAt(), before.nextDueAt(),
        next.disabledReason()));
  }

  /** {@code plan} without its feed-state record, so that the feed-state topic holds what the offsets hold. */
  private PollPlans.Plan withoutStateRecord(PollPlans.Plan plan) {
    String stateTopic = requireNonNull(plans).topics().feedState();
    return new PollPlans.Plan(plan.records().stream().filter(r -> !r.topic().equals(stateTopic)).toList(),
        plan.newState(), plan.publishedStories(), plan.deadLetterKinds());
  }

  static Map<String, String> partition(String feedId) {
    return Map.of(PARTITION_FEED, feedId);
  }

  static Map<String, String> offset(FeedState state) {
    // the smaller bytes: every worker holds every feed's offset in memory once per offset reader
    return Map.of(OFFSET_STATE, Base64.getEncoder().encodeToString(PollPlans.encodeOffsetState(state)));
  }

  /**
   * The state an offset holds.
   *
   * @throws ConnectException when it is not one this version reads: the task fails (the worker's
   *     status shows why) rather than judge the feed against nothing and publish its stories again
   */
  static FeedState stateOf(String feedId, Map<String, ?> offset) {
    Object text = offset.get(OFFSET_STATE);
    try {
      if (!(text instanceof String s)) {
        throw new IOException("no string under '" + OFFSET_STATE + "'");
      }
      FeedState state = PollPlans.decodeState(Base64.getDecoder().decode(s));
      if (!state.feedId().equals(feedId)) {
        throw new IOException("it is the state of feed " + state.feedId());
      }
      return state;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConnectException("The source offset of feed " + feedId + " is not a feed state this version reads ("
          + e.getMessage() + "); the task stops rather than publish the feed's stories again: fix or reset the offset", e);
    }
  }

  /**
   * Reads the committed states of {@code feedIds} not known yet, in one call to the worker's offset
   * reader.
   *
   * @throws ConnectException when an offset is not a feed state ({@link #stateOf})
   */
  private void restoreStates(Collection<String> feedIds) {
    List<Map<String, String>> unknown = feedIds.stream().filter(id -> !states.containsKey(id))
        .map(FeedSourceTask::partition).toList();
    if (unknown.isEmpty()) {
      return;
    }
    Map<Map<String, String>, Map<String, Object>> offsets =
        context == null ? Map.of() : context.offsetStorageReader().offsets(unknown);
    for (Map<String, String> partition : unknown) {
      String feedId = partition.get(PARTITION_FEED);
      Map<String, Object> offset = offsets == null ? null : offsets.get(partition);
      states.put(feedId, offset == null ? Optional.empty() : Optional.of(stateOf(feedId, offset)));
    }
  }

  private static SourceRecord sourceRecord(
      @Nullable Map<String, String> partition, @Nullable Map<String, String> offset, OutRecord r) {
    ConnectHeaders headers = new ConnectHeaders();
    for (Header h : r.headers()) {
      headers.addBytes(h.key(), h.value());
    }
    return new SourceRecord(partition, offset, r.topic(), null, Schema.STRING_SCHEMA, r.key(),
        Schema.OPTIONAL_BYTES_SCHEMA, r.value(), null, headers);
  }

  private void readFeeds() {
    FeedConnectorConfig c = requireNonNull(config);
    FeedScheduler s = requireNonNull(scheduler);
    FeedsTopic.Changes changes;
    try {
      changes = feedSource.read(c.publish().maxBlock());
    } catch (TimeoutException | KafkaException e) {
      log.warn("Could not read the feeds topic ({}); polling the feeds known so far, reading again in {}",
          e.getMessage(), FEEDS_REFRESH);
      return;
    }
    changes.unreadable().forEach(line -> log.warn("Skipped a record of the feeds topic: {}", line));
    Map<String, FeedDefinition> all = changes.applyTo(feeds);
    Map<String, FeedDefinition> mine = new LinkedHashMap<>();
    all.forEach((id, feed) -> {
      if (c.task().owns(id)) {
        mine.put(id, feed);
      }
    });
    for (String gone : feeds.keySet()) {
      if (!mine.containsKey(gone)) {
        s.remove(gone); // its offset stays: the feed added back resumes from it
        FeedIngestor in = ingestor;
        if (in != null) {
          in.forget(gone); // as the service does: ingest's memory of it (interval, last items) goes
        }
      }
    }
    restoreStates(mine.keySet());
    mine.forEach((id, feed) -> {
      if (!feed.equals(feeds.get(id))) {
        s.put(feed); // new or changed: due when its state says, at once when it has none
      }
    });
    feeds = mine;
    requireNonNull(metrics).feedsOwned(mine.size());
  }

  /**
   * Stops polling. Connect may call it from another thread while {@link #poll} runs: polls in
   * flight are interrupted (waited for up to {@code schedule.shutdownTimeout}, at most {@link
   * #STOP_WITHIN}) and finished ones not
   * returned yet are dropped — their offsets were not committed, so they are fetched again; the
   * feeds topic's consumer is closed by the polling thread on its way out, as a consumer must be.
   */
  @Override
  public void stop() {
    stopping = true;
    TaskMetrics m = metrics;
    if (m != null) {
      m.close(); // first: waiting for polls in flight below may outlast the worker's graceful timeout
    }
    FeedScheduler s = scheduler;
    if (s != null) {
      s.close();
    }
    BlockingQueue<ReadyPoll> r = ready;
    if (r != null) {
      r.clear();
    }
    closeResources();
  }

  private void closeResources() {
    try {
      feedSource.close();
      feedSource = FeedSource.NONE;
    } catch (java.util.ConcurrentModificationException inUse) {
      return; // poll() is reading the feeds topic now; it closes the reader when it sees stopping
    }
    FeedIngestor in = ingestor;
    if (in != null) {
      ingestor = null;
      in.close();
    }
  }
}
