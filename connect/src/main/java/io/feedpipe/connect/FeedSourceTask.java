package io.feedpipe.connect;

import static java.util.Objects.requireNonNull;

import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Story;
import io.feedpipe.normalize.HeadlineDictionary;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.OutRecord;
import io.feedpipe.publish.PollPlans;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
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
 * Polls this task's share of the feeds ({@link FeedSplit}) of the feeds topic: each {@link #poll}
 * polls one due feed — ingest, normalize, then publish's plan ({@link PollPlans}) — and returns
 * that poll's records: the same topics, keys, value bytes and headers the service commits. Every
 * record carries the source partition {@code {feed: <id>}} and, as its source offset, the feed's
 * new state ({@code {state: <base64 of the compact feed-state bytes>}}), so the worker commits a
 * poll's records and the state they were judged against in one transaction; a feed's state is read
 * back from the worker's {@code OffsetStorageReader} the first time the task polls it.
 *
 * <p>One transaction per feed poll: with the worker's default {@code transaction.boundary=poll}
 * because each {@code poll()} returns one feed's records; with {@code transaction.boundary=connector}
 * because the task commits at the last record of each feed poll. The feeds topic is read again
 * every {@link #FEEDS_REFRESH}, so feeds added or removed need no restart.
 *
 * <p>Bounds: one feed poll at a time per task; a {@code poll()} with nothing due returns after at
 * most {@link #MAX_IDLE}. Not thread-safe beyond Connect's contract (one thread calls {@code
 * start}/{@code poll}; {@code stop} from another).
 */
public final class FeedSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(FeedSourceTask.class);

  /** The source partition's key: the feed id. */
  static final String PARTITION_FEED = "feed";

  /** The source offset's key: the feed's state as base64 of {@link PollPlans#encodeState}. */
  static final String OFFSET_STATE = "state";

  /** How often the feeds topic is read for added, changed or removed feeds. */
  static final Duration FEEDS_REFRESH = Duration.ofSeconds(5);

  /** Longest a {@code poll()} with no feed due waits before returning nothing. */
  static final Duration MAX_IDLE = Duration.ofSeconds(1);

  private final InstantSource clock;
  private final Object wakeUp = new Object();
  private volatile boolean stopping;

  private @Nullable FeedConnectorConfig config;
  private @Nullable PollPlans plans;
  private volatile @Nullable FeedIngestor ingestor;
  private @Nullable Normalizer normalizer;
  private @Nullable TaskMetrics metrics;
  private volatile FeedSource feedSource = FeedSource.NONE;
  /** This task's feeds, by id, as the feeds topic defines them now. */
  private Map<String, FeedDefinition> feeds = new LinkedHashMap<>();
  /** The state each feed's last returned records were judged to leave; read from the offsets on first use. */
  private final Map<String, Optional<FeedState>> states = new HashMap<>();
  private final Map<String, Instant> dueAt = new HashMap<>();
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
    this.normalizer = Normalizer.withDefaultRules();
    this.feedSource = source;
    this.metrics = TaskMetrics.of(context, plans.topics());
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
    Optional<FeedDefinition> due = nextDue(now);
    if (due.isEmpty()) {
      idle(now);
      return null;
    }
    if (stopping) {
      closeResources();
      return null;
    }
    return pollFeed(due.get());
  }

  /** One poll of {@code feed}, its records in send order, the transaction committed at the last. */
  List<SourceRecord> pollFeed(FeedDefinition feed) throws InterruptedException {
    FeedConnectorConfig c = requireNonNull(config);
    Optional<FeedState> committed = committedState(feed.id());
    FeedState stored = committed.orElseGet(() -> FeedState.initial(feed.id(), feed.url()));
    if (stored.configuredAs(feed).disabledReason().isPresent()) {
      dueAt.put(feed.id(), Instant.MAX); // a disabled feed (410 Gone) stays so until its URL changes
      return List.of();
    }
    FeedIngestor in = ingestor;
    if (in == null) {
      return List.of(); // stopped meanwhile
    }
    IngestResult result = in.poll(feed, stored);
    HeadlineDictionary headlines = HeadlineDictionary.ofTitlesOf(result.items());
    Normalizer n = requireNonNull(normalizer);
    List<Story> stories = result.items().stream().map(item -> n.normalize(item, headlines)).toList();
    PollResult poll = new PollResult(result.nextState(), stories, result.deadLetters(), result.status());
    PollPlans.Plan plan = requireNonNull(plans).plan(committed, poll);
    requireNonNull(metrics).recordPoll(result.status().outcome(), plan);

    Map<String, String> partition = partition(feed.id());
    Map<String, String> offset = offset(plan.newState());
    List<SourceRecord> records = new ArrayList<>(plan.records().size());
    for (OutRecord r : plan.records()) {
      records.add(sourceRecord(partition, offset, r));
    }
    states.put(feed.id(), Optional.of(plan.newState()));
    dueAt.put(feed.id(), plan.newState().nextDueAt()
        .orElseGet(() -> clock.instant().plus(c.ingest().schedule().defaultInterval())));
    TransactionContext transaction = context == null ? null : context.transactionContext();
    if (transaction != null && !records.isEmpty()) {
      transaction.commitTransaction(records.getLast());
    }
    return records;
  }

  static Map<String, String> partition(String feedId) {
    return Map.of(PARTITION_FEED, feedId);
  }

  static Map<String, String> offset(FeedState state) {
    return Map.of(OFFSET_STATE, Base64.getEncoder().encodeToString(PollPlans.encodeState(state)));
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

  private Optional<FeedState> committedState(String feedId) {
    Optional<FeedState> known = states.get(feedId);
    if (known != null) {
      return known;
    }
    Map<String, Object> offset = context == null ? null : context.offsetStorageReader().offset(partition(feedId));
    Optional<FeedState> restored = offset == null ? Optional.empty() : Optional.of(stateOf(feedId, offset));
    states.put(feedId, restored);
    return restored;
  }

  private static SourceRecord sourceRecord(Map<String, String> partition, Map<String, String> offset, OutRecord r) {
    ConnectHeaders headers = new ConnectHeaders();
    for (Header h : r.headers()) {
      headers.addBytes(h.key(), h.value());
    }
    return new SourceRecord(partition, offset, r.topic(), null, Schema.STRING_SCHEMA, r.key(),
        Schema.OPTIONAL_BYTES_SCHEMA, r.value(), null, headers);
  }

  private void readFeeds() {
    FeedConnectorConfig c = requireNonNull(config);
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
        dueAt.remove(gone);
        states.remove(gone); // its offset stays: the feed added back resumes from it
      }
    }
    mine.forEach((id, feed) -> {
      FeedDefinition before = feeds.get(id);
      if (before == null || !before.equals(feed)) {
        dueAt.put(id, Instant.MIN); // new or changed: poll it now
      }
    });
    feeds = mine;
    requireNonNull(metrics).feedsOwned(mine.size());
  }

  private Optional<FeedDefinition> nextDue(Instant now) {
    FeedDefinition next = null;
    Instant nextAt = Instant.MAX;
    for (FeedDefinition feed : feeds.values()) {
      Instant at = dueAt.getOrDefault(feed.id(), Instant.MIN);
      if (!at.isAfter(now) && (next == null || at.isBefore(nextAt))) {
        next = feed;
        nextAt = at;
      }
    }
    return Optional.ofNullable(next);
  }

  private void idle(Instant now) throws InterruptedException {
    Instant until = nextFeedsRead;
    for (Instant at : dueAt.values()) {
      if (at.isBefore(until)) {
        until = at;
      }
    }
    long millis = Math.min(MAX_IDLE.toMillis(), Math.max(1, Duration.between(now, until).toMillis()));
    synchronized (wakeUp) {
      if (!stopping) {
        wakeUp.wait(millis);
      }
    }
  }

  /**
   * Stops polling. Connect may call it from another thread while {@link #poll} runs: the feeds
   * topic's consumer is then closed by the polling thread on its way out, as a consumer must be.
   */
  @Override
  public void stop() {
    stopping = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
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
    if (ingestor != null) {
      ingestor.close();
      ingestor = null;
    }
  }
}
