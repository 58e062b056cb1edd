package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.PollPlans;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task against real feeds over HTTP on 127.0.0.1, with the worker's offsets and transactions in memory. */
class FeedSourceTaskTest {
  private HttpServer server;
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<Map<String, ?>, Map<String, ?>> committedOffsets = new ConcurrentHashMap<>();
  private final List<SourceRecord> transactionEnds = new ArrayList<>();
  private final AtomicInteger requestsServed = new AtomicInteger();
  /** The worker's metrics registry; each task started gets plugin metrics in it tagged as a worker tags them. */
  private final Metrics metrics = new Metrics();
  private final List<PluginMetricsImpl> pluginMetrics = new ArrayList<>();

  @BeforeEach
  void serveFeeds() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      requestsServed.incrementAndGet();
      String body = bodies.get(exchange.getRequestURI().getPath());
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    for (PluginMetricsImpl m : pluginMetrics) {
      m.close();
    }
    metrics.close();
  }

  @Test
  void aPollReturnsTheServicesRecordsWithTheFeedStateAsTheirOffset() throws Exception {
    FeedDefinition feed = feed("/a.xml", 3);
    FeedSourceTask task = task(FeedSplit.WHOLE, feed);

    List<SourceRecord> records = nextRecords(task);

    assertThat(records).extracting(SourceRecord::topic)
        .containsExactly("fp.stories", "fp.stories", "fp.stories", "fp.feed-status", "fp.feed-state");
    assertThat(records.getLast().sourcePartition()).isEqualTo(Map.of("feed", feed.id()));
    assertThat(records.getLast().sourceOffset()).isNotNull();
    assertThat(records.subList(0, records.size() - 1)).allSatisfy(r -> { // #23: no part of a poll commits its state
      assertThat(r.sourcePartition()).isNull();
      assertThat(r.sourceOffset()).isNull();
    });
    SourceRecord story = records.getFirst();
    assertThat(new String((byte[]) story.value(), StandardCharsets.UTF_8)).contains("\"title\":\"Story 0 of /a.xml\"");
    assertThat(header(story, "ce_type")).isEqualTo("io.feedpipe.story.created");
    assertThat(header(story, "ce_id")).isEqualTo(story.key() + ":1");
    // the offset is the state the feed-state record carries, byte for byte
    byte[] stateRecord = (byte[]) records.getLast().value();
    FeedState state = FeedSourceTask.stateOf(feed.id(), records.getLast().sourceOffset());
    assertThat(PollPlans.encodeState(state)).isEqualTo(stateRecord);
    assertThat(state.seen().size()).isEqualTo(3);
    // one transaction per feed poll, ending at its last record
    assertThat(transactionEnds).containsExactly(records.getLast());
  }

  @Test
  void aTaskStartedFromTheCommittedOffsetPublishesNothingTwice() throws Exception {
    FeedDefinition feed = feed("/b.xml", 3);
    FeedSourceTask first = task(FeedSplit.WHOLE, feed);
    commit(nextRecords(first));
    first.stop();

    bodies.put("/b.xml", rss("/b.xml", 4)); // one story more
    Instant dueAgain = FeedSourceTask.stateOf(feed.id(), committedOffsets.get(Map.of("feed", feed.id())))
        .nextDueAt().orElseThrow();
    FeedSourceTask moved = task(FeedSplit.WHOLE, () -> dueAgain, feed); // the restored state says when
    List<SourceRecord> records = nextRecords(moved);

    assertThat(records).filteredOn(r -> r.topic().equals("fp.stories")).singleElement()
        .satisfies(r -> assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).contains("Story 3 of /b.xml"));
    assertThat(FeedSourceTask.stateOf(feed.id(), records.getLast().sourceOffset()).seen().size()).isEqualTo(4);
  }

  /**
   * #23: a worker stopping while it retries a send commits the records of the batch dispatched
   * before it, with their offsets. The part of a poll committed so carries no offset, so the task
   * that takes the feed over publishes the whole poll again: a story may come twice, none is lost.
   */
  @Test
  void aPartOfAPollCommittedAloneLeavesTheFeedToBeFetchedAgainWithNothingLost() throws Exception {
    FeedDefinition feed = feed("/c.xml", 3);
    FeedSourceTask first = task(FeedSplit.WHOLE, feed);
    List<SourceRecord> poll = nextRecords(first);
    commit(poll.subList(0, 2)); // two of its three stories, as the worker's final commit may
    first.stop();

    assertThat(committedOffsets).doesNotContainKey(Map.of("feed", feed.id()));
    FeedSourceTask next = task(FeedSplit.WHOLE, feed);
    assertThat(nextRecords(next)).filteredOn(r -> r.topic().equals("fp.stories"))
        .extracting(r -> new String((byte[]) r.value(), StandardCharsets.UTF_8))
        .hasSize(3).anySatisfy(v -> assertThat(v).contains("Story 2 of /c.xml"));
  }

  @Test
  void aTaskPollsOnlyItsShareOfTheFeeds() throws Exception {
    // the ids hold the test server's port, so which task owns a feed varies from run to run: take
    // feeds until each task owns two, or 1 run in 256 gives all 8 of a fixed list to the other task
    FeedSplit split = new FeedSplit(1, 2);
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; owned(split, feeds, true) < 2 || owned(split, feeds, false) < 2; i++) {
      feeds.add(feed("/s" + i + ".xml", 1));
    }
    FeedSourceTask task = task(split, feeds.toArray(FeedDefinition[]::new));

    List<String> mine = feeds.stream().map(FeedDefinition::id).filter(split::owns).toList();
    List<String> polled = new ArrayList<>();
    while (polled.size() < mine.size()) {
      polled.addAll(feedsOf(nextRecords(task)));
    }

    assertThat(task.poll()).isNull(); // nothing else comes
    assertThat(mine).isNotEmpty();
    assertThat(polled).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(requestsServed.get()).isEqualTo(mine.size());
  }

  @Test
  void aFeedAddedToTheFeedsTopicIsPolledWithoutARestart() throws Exception {
    FeedDefinition a = feed("/c.xml", 1);
    FeedDefinition b = feed("/d.xml", 1);
    Queue<FeedsTopic.Changes> reads = new ArrayDeque<>(List.of(changes(a)));
    Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
    FeedSourceTask task = new FeedSourceTask(() -> now[0]);
    task.initialize(context());
    task.start(FeedConnectorConfig.from(props()), source(reads));
    assertThat(nextRecords(task)).isNotEmpty();
    assertThat(task.poll()).isNull(); // a is polled, b unknown yet

    reads.add(changes(b));
    now[0] = now[0].plus(FeedSourceTask.FEEDS_REFRESH);
    List<SourceRecord> records = nextRecords(task);

    assertThat(feedsOf(records)).containsExactly(b.id());
    assertThat(records.getLast().sourcePartition()).isEqualTo(Map.of("feed", b.id()));
  }

  /** #23: a feed removed from the feeds topic keeps its state; added back, it resumes from it. */
  @Test
  void aFeedRemovedAndAddedBackPublishesOnlyWhatIsNew() throws Exception {
    FeedDefinition a = feed("/r.xml", 2);
    Queue<FeedsTopic.Changes> reads = new ArrayDeque<>(List.of(changes(a)));
    Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
    FeedSourceTask task = new FeedSourceTask(() -> now[0]);
    task.initialize(context());
    task.start(FeedConnectorConfig.from(props()), source(reads));
    commit(nextRecords(task));

    reads.add(new FeedsTopic.Changes(List.of(new FeedsTopic.Change(a.id(), Optional.empty(), now[0])), List.of()));
    now[0] = now[0].plus(FeedSourceTask.FEEDS_REFRESH); // the feeds topic is due, the feed is not
    assertThat(task.poll()).isNull(); // reads the removal
    now[0] = now[0].plus(Duration.ofMinutes(10)); // past the feed's next due time: removed, it is not polled

    bodies.put("/r.xml", rss("/r.xml", 3));
    reads.add(changes(a));
    now[0] = now[0].plus(FeedSourceTask.FEEDS_REFRESH);
    List<SourceRecord> records = nextRecords(task);

    assertThat(records).filteredOn(r -> r.topic().equals("fp.stories")).singleElement()
        .satisfies(r -> assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).contains("Story 2 of /r.xml"));
    assertThat(requestsServed.get()).isEqualTo(2);
  }

  @Test
  void aStoppedTaskPollsNothingMore() throws Exception {
    FeedSourceTask task = task(FeedSplit.WHOLE, feed("/h.xml", 2));

    task.stop();

    assertThat(task.poll()).isNull();
    assertThat(requestsServed.get()).isZero();
  }

  @Test
  void anOffsetThatIsNoFeedStateStopsTheFeedNamingIt() throws Exception {
    FeedDefinition feed = feed("/e.xml", 1);
    committedOffsets.put(Map.of("feed", feed.id()), Map.of("state", "bm90IGEgc3RhdGU="));
    FeedSourceTask task = task(FeedSplit.WHOLE, feed);

    assertThatThrownBy(task::poll).isInstanceOf(ConnectException.class)
        .hasMessageContaining("feed " + feed.id()).hasMessageContaining("not a feed state");
  }

  @Test
  void anOffsetOfAnotherFeedIsRefused() throws Exception {
    FeedDefinition a = feed("/f.xml", 1);
    FeedDefinition b = feed("/g.xml", 1);
    FeedSourceTask task = task(FeedSplit.WHOLE, a);
    Map<String, ?> offsetOfA = nextRecords(task).getLast().sourceOffset();

    assertThatThrownBy(() -> FeedSourceTask.stateOf(b.id(), offsetOfA))
        .isInstanceOf(ConnectException.class).hasMessageContaining("it is the state of feed " + a.id());
  }

  @Test
  void pollsRunConcurrentlyWithinTheTasksPerHostLimit() throws Exception {
    int limit = 2;
    int feedCount = 8;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    Semaphore gate = new Semaphore(0);
    server.createContext("/held/", exchange -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        gate.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      byte[] bytes = rss(exchange.getRequestURI().getPath(), 1).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < feedCount; i++) {
      feeds.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/held/" + i + ".xml")));
    }
    Map<String, String> props = props();
    props.put("fetch.perHostConcurrency", String.valueOf(limit));
    props.put("schedule.perHostConcurrency", String.valueOf(limit));
    props.put("fetch.perHostMinGap", "0s");
    FeedSourceTask task = new FeedSourceTask();
    task.initialize(context());
    task.start(FeedConnectorConfig.from(props), source(new ArrayDeque<>(List.of(changes(feeds.toArray(FeedDefinition[]::new))))));

    assertThat(task.poll()).isNull(); // reads the feeds; every fetch is held at the server
    await().atMost(Duration.ofSeconds(30)).until(() -> inFlight.get() >= limit);
    List<String> polled = new ArrayList<>();
    while (polled.size() < feedCount) {
      gate.release(); // one response at a time: the next fetch may start only when one ends
      polled.addAll(feedsOf(nextRecords(task)));
    }

    assertThat(polled).containsExactlyInAnyOrderElementsOf(feeds.stream().map(FeedDefinition::id).toList());
    assertThat(mostInFlight.get()).as("requests in flight to 127.0.0.1 at most").isEqualTo(limit);
    task.stop();
  }

  @Test
  void feedPollsReadyTogetherShareOneTransactionEachWholeAndInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FeedDefinition[] feeds = {heldFeed("/t/0.xml", 2, release), heldFeed("/t/1.xml", 1, release),
        heldFeed("/t/2.xml", 3, release)};
    FeedSourceTask task = task(FeedSplit.WHOLE, feeds);
    assertThat(task.poll()).isNull(); // reads the feeds; their fetches wait at the server
    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> task.readyPolls() == feeds.length);

    List<SourceRecord> records = task.poll();

    assertThat(feedsOf(records)).containsExactlyInAnyOrder(feeds[0].id(), feeds[1].id(), feeds[2].id());
    // each feed's records are one block ending with its feed-state record, the only one with an offset
    List<SourceRecord> stateRecords = records.stream().filter(r -> r.topic().equals("fp.feed-state")).toList();
    assertThat(stateRecords).hasSize(3);
    int from = 0;
    for (SourceRecord end : stateRecords) {
      int to = records.indexOf(end);
      assertThat(end.sourcePartition()).isNotNull();
      assertThat(end.sourceOffset()).isNotNull();
      assertThat(records.subList(from, to)).allSatisfy(r -> {
        assertThat(r.sourcePartition()).isNull();
        assertThat(r.sourceOffset()).isNull();
      });
      from = to + 1;
    }
    assertThat(transactionEnds).containsExactly(records.getLast()); // one transaction
  }

  @Test
  void oneFeedPollPerTransactionWhenMaxPollsPerTransactionIsOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FeedDefinition[] feeds = {heldFeed("/u/0.xml", 1, release), heldFeed("/u/1.xml", 1, release)};
    Map<String, String> props = props();
    props.put("publish.maxPollsPerTransaction", "1");
    FeedSourceTask task = new FeedSourceTask();
    task.initialize(context());
    task.start(FeedConnectorConfig.from(props), source(new ArrayDeque<>(List.of(changes(feeds)))));
    assertThat(task.poll()).isNull();
    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> task.readyPolls() == feeds.length);

    List<SourceRecord> first = task.poll();
    List<SourceRecord> second = task.poll();

    assertThat(feedsOf(first)).hasSize(1);
    assertThat(feedsOf(second)).hasSize(1).doesNotContainAnyElementsOf(feedsOf(first));
    assertThat(transactionEnds).containsExactly(first.getLast(), second.getLast());
  }

  /** #23: a steady 304 changes only the state's timing: its status record goes alone, with no offset. */
  @Test
  void aSteadyNotModifiedSendsItsStatusRecordWithoutAnOffsetOrAFeedStateRecord() throws Exception {
    ScriptedFeed feed = scripted("/v/steady.xml");
    feed.ok(3, "\"v1\"").notModified("\"v1\"").notModified("\"v1\"");
    FeedSourceTask task = frequentTask(feed.definition());

    List<SourceRecord> first = nextRecords(task);
    List<SourceRecord> second = nextRecords(task);
    List<SourceRecord> third = nextRecords(task);

    assertWritesItsOffset(feed, first);
    for (List<SourceRecord> steady : List.of(second, third)) {
      assertThat(steady).singleElement().satisfies(r -> {
        assertThat(r.topic()).isEqualTo("fp.feed-status");
        assertThat(r.key()).isEqualTo(feed.definition().id());
        assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).contains("\"outcome\":\"not_modified\"");
        assertThat(r.sourcePartition()).isNull();
        assertThat(r.sourceOffset()).isNull();
      });
    }
    assertThat(transactionEnds).containsExactly(first.getLast(), second.getLast(), third.getLast());
    assertThat(metric(TaskMetrics.PUBLISHED, "topic", "feed-state")).isEqualTo(1);
    assertThat(metric(TaskMetrics.PUBLISHED, "topic", "feed-status")).isEqualTo(3);
    task.stop();
  }

  /** #23: every poll that changes more than the timing writes its offset and feed-state record. */
  @Test
  void pollsThatChangeMoreThanTheTimingWriteTheirOffset() throws Exception {
    ScriptedFeed feed = scripted("/v/changing.xml");
    ScriptedFeed moved = scripted("/v/moved.xml");
    feed.ok(2, "\"v1\"")
        .status(500) // consecutiveErrors 1
        .notModified("\"v1\"") // a 304 after a failure: consecutiveErrors back to 0
        .ok(2, "\"v2\"") // the same stories under another ETag
        .ok(3, "\"v3\"") // a new story
        .movedTo(moved); // a permanent redirect, answered 304 there
    moved.notModified("\"v3\"").notModified("\"v3\"");
    FeedSourceTask task = frequentTask(feed.definition());

    List<List<SourceRecord>> polls = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      polls.add(nextRecords(task));
    }

    for (List<SourceRecord> poll : polls.subList(0, 6)) {
      assertWritesItsOffset(feed, poll);
    }
    assertThat(FeedSourceTask.stateOf(feed.definition().id(), polls.get(1).getLast().sourceOffset())
        .consecutiveErrors()).isEqualTo(1);
    assertThat(FeedSourceTask.stateOf(feed.definition().id(), polls.get(2).getLast().sourceOffset())
        .consecutiveErrors()).isZero();
    assertThat(polls.get(4)).filteredOn(r -> r.topic().equals("fp.stories")).singleElement()
        .satisfies(r -> assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).contains("Story 2 of"));
    FeedState movedState = FeedSourceTask.stateOf(feed.definition().id(), polls.get(5).getLast().sourceOffset());
    assertThat(movedState.url()).isEqualTo(moved.definition().url());
    assertThat(polls.get(6)).singleElement().satisfies(r -> assertThat(r.sourceOffset()).isNull()); // 304 where it moved
    task.stop();
  }

  /** #23: a task that takes a feed over after offset-less 304s judges the next polls right. */
  @Test
  void aTaskRestoredAfterOffsetlessPollsPublishesNothingTwice() throws Exception {
    ScriptedFeed feed = scripted("/v/restored.xml");
    feed.ok(3, "\"v1\"").notModified("\"v1\"").notModified("\"v1\"");
    FeedSourceTask first = frequentTask(feed.definition());
    for (int i = 0; i < 3; i++) {
      commit(nextRecords(first));
    }
    first.stop();
    feed.requests.clear();

    // the committed timing is the first poll's: the next owner polls at once, conditionally
    feed.notModified("\"v1\"").ok(4, "\"v2\"");
    FeedSourceTask next = frequentTask(feed.definition());
    List<SourceRecord> notModified = nextRecords(next);
    List<SourceRecord> newStory = nextRecords(next);

    assertThat(feed.requests.getFirst()).isEqualTo("\"v1\"");
    assertThat(notModified).singleElement().satisfies(r -> assertThat(r.sourceOffset()).isNull());
    assertThat(newStory).filteredOn(r -> r.topic().equals("fp.stories")).singleElement()
        .satisfies(r -> assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).contains("Story 3 of"));
    assertWritesItsOffset(feed, newStory);
    next.stop();
  }

  /**
   * #23: offsets are the state with its head in binary, a third smaller, since every worker keeps
   * every feed's offset in memory once per offset reader; offsets written before, the feed-state
   * record's bytes, still restore.
   */
  @Test
  void anOffsetIsTheSmallerStateAndAnOffsetOfTheRecordBytesStillRestores() {
    FeedState state = new FeedState("f1", URI.create("http://127.0.0.1:8080/con/1.xml"), Optional.empty(),
        Optional.of("\"con-1-v1\""), Optional.empty(), io.feedpipe.model.SeenStories.builder()
            .put(1L, 2L, 1, Instant.parse("2026-12-07T05:08:00Z"),
                new io.feedpipe.model.SeenStories.Identity(3, 4, 5, 6, 1_790_000_000L, 0, 7, 8)).build(), 0,
        Optional.of(Instant.parse("2026-12-07T05:08:00.123456789Z")), Optional.of(Instant.parse("2026-12-07T05:08:00.123456789Z")),
        Optional.of(Instant.parse("2026-12-07T05:13:00.123456789Z")), Optional.empty());
    Map<String, String> before = Map.of("state", Base64.getEncoder().encodeToString(PollPlans.encodeState(state)));

    Map<String, String> now = FeedSourceTask.offset(state);

    assertThat(FeedSourceTask.stateOf("f1", now)).isEqualTo(state);
    assertThat(FeedSourceTask.stateOf("f1", before)).isEqualTo(state);
    assertThat(now.get("state").length()).isLessThan(before.get("state").length() * 3 / 4);
  }

  private void assertWritesItsOffset(ScriptedFeed feed, List<SourceRecord> poll) {
    assertThat(poll.getLast().topic()).isEqualTo("fp.feed-state");
    assertThat(poll.getLast().sourcePartition()).isEqualTo(Map.of("feed", feed.definition().id()));
    assertThat(poll.subList(0, poll.size() - 1)).allSatisfy(r -> assertThat(r.sourceOffset()).isNull());
    assertThat(PollPlans.encodeState(FeedSourceTask.stateOf(feed.definition().id(), poll.getLast().sourceOffset())))
        .isEqualTo((byte[]) poll.getLast().value());
  }

  /** A task polling {@code feed} every 100 ms or so, failures retried as soon. */
  private FeedSourceTask frequentTask(FeedDefinition feed) {
    Map<String, String> props = props();
    props.put("schedule.minInterval", "50ms");
    props.put("schedule.defaultInterval", "100ms");
    props.put("schedule.maxBackoff", "100ms");
    props.put("schedule.adaptive", "false");
    props.put("fetch.perHostMinGap", "0s");
    return task(props, feed);
  }

  /** A task started with {@code props} on {@code feeds}. */
  private FeedSourceTask task(Map<String, String> props, FeedDefinition... feeds) {
    FeedSourceTask task = new FeedSourceTask();
    task.initialize(context());
    task.start(FeedConnectorConfig.from(props), source(new ArrayDeque<>(List.of(changes(feeds)))));
    return task;
  }

  private ScriptedFeed scripted(String path) {
    ScriptedFeed feed = new ScriptedFeed(path, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    server.createContext(path, feed::answer);
    return feed;
  }

  /**
   * A feed that answers each request with the next answer of its script (503 past its end); a 304
   * only to a request with the validator it expects. {@link #requests} holds the
   * {@code If-None-Match} of each request ({@code ""}: none).
   */
  private static final class ScriptedFeed {
    private final String path;
    private final FeedDefinition definition;
    private final java.util.concurrent.BlockingQueue<com.sun.net.httpserver.HttpHandler> script =
        new java.util.concurrent.LinkedBlockingQueue<>();
    final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScriptedFeed(String path, URI url) {
      this.path = path;
      this.definition = FeedDefinition.of(url);
    }

    FeedDefinition definition() {
      return definition;
    }

    ScriptedFeed ok(int stories, String etag) {
      script.add(exchange -> {
        byte[] bytes = rss(path, stories).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      });
      return this;
    }

    ScriptedFeed notModified(String etag) {
      script.add(exchange -> {
        boolean conditional = etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.sendResponseHeaders(conditional ? 304 : 412, -1); // 412: the test's script went wrong
      });
      return this;
    }

    ScriptedFeed status(int code) {
      script.add(exchange -> exchange.sendResponseHeaders(code, -1));
      return this;
    }

    ScriptedFeed movedTo(ScriptedFeed other) {
      script.add(exchange -> {
        exchange.getResponseHeaders().add("Location", other.definition.url().toString());
        exchange.sendResponseHeaders(301, -1);
      });
      return this;
    }

    void answer(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
      String validator = exchange.getRequestHeaders().getFirst("If-None-Match");
      requests.add(validator == null ? "" : validator);
      try {
        com.sun.net.httpserver.HttpHandler next = script.poll();
        if (next == null) {
          exchange.sendResponseHeaders(503, -1); // past the script: polls the test does not read
        } else {
          next.handle(exchange);
        }
      } finally {
        exchange.close();
      }
    }
  }

  /** #23: the task logs a feed's transitions (failing, recovered, moved, disabled) as the service does. */
  @Test
  void theTaskLogsAFeedsTransitionsAsTheServiceDoes() throws Exception {
    ScriptedFeed feed = scripted("/x/feed.xml");
    ScriptedFeed moved = scripted("/x/moved.xml");
    feed.ok(1, "\"v1\"").status(500).status(500).notModified("\"v1\"").movedTo(moved);
    moved.notModified("\"v1\"").status(410);
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(io.feedpipe.publish.FeedTransitions.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      FeedSourceTask task = frequentTask(feed.definition());
      for (int i = 0; i < 6; i++) {
        nextRecords(task); // each line is logged before its poll is handed over
      }
      task.stop();
    } finally {
      logger.detachAppender(lines);
    }

    String name = feed.definition().url().toString();
    assertThat(lines.list).extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).satisfiesExactly(
        failed -> assertThat(failed).startsWith("WARN Feed " + name + " failed (http_error)"),
        recovered -> assertThat(recovered).isEqualTo("INFO Feed " + name + " recovered after 2 failed poll(s)"),
        move -> assertThat(move).isEqualTo("INFO Feed " + name + " moved permanently to " + moved.definition().url()),
        disabled -> assertThat(disabled).startsWith("WARN Feed " + name + " disabled: "));
  }

  /**
   * #23: a task stops within Connect's graceful timeout ({@code task.shutdown.graceful.timeout.ms},
   * 5 s by default) even when its feed servers hang and {@code schedule.shutdownTimeout} is longer:
   * its polls in flight are interrupted and what they fetched is dropped.
   */
  @Test
  void aTaskStopsWithinTheWorkersGracefulTimeoutWhileFeedServersHang() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger hanging = new AtomicInteger();
    server.createContext("/hang/", exchange -> {
      hanging.incrementAndGet();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    List<FeedDefinition> feeds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      feeds.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hang/" + i + ".xml")));
    }
    Map<String, String> props = props();
    props.put("schedule.shutdownTimeout", "1h");
    props.put("fetch.perHostMinGap", "0s");
    props.put("fetch.perHostConcurrency", "4");
    props.put("schedule.perHostConcurrency", "4");
    FeedSourceTask task = task(props, feeds.toArray(FeedDefinition[]::new));
    assertThat(task.poll()).isNull(); // reads the feeds; their fetches hang at the server
    await().atMost(Duration.ofSeconds(30)).until(() -> hanging.get() == feeds.size());

    try {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), task::stop);
      assertThat(task.poll()).isNull();
      assertThat(task.readyPolls()).isZero(); // what was fetched and not returned is dropped
    } finally {
      never.countDown();
    }
  }

  /** #23: polls that ignore their interrupt are waited for no longer than below the worker's graceful timeout. */
  @Test
  void stopWaitsForPollsInFlightAtMostStopWithin() {
    Map<String, String> props = props();
    props.put("schedule.shutdownTimeout", "1h");
    assertThat(FeedSourceTask.stoppingWithin(FeedConnectorConfig.from(props).ingest().schedule()).shutdownTimeout())
        .isEqualTo(FeedSourceTask.STOP_WITHIN).isLessThan(Duration.ofSeconds(5));
    props.put("schedule.shutdownTimeout", "1s");
    assertThat(FeedSourceTask.stoppingWithin(FeedConnectorConfig.from(props).ingest().schedule()).shutdownTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }

  /** #23: the task normalizes with the bundled rules extended by {@code normalize.rulesFile}. */
  @Test
  void theTaskNormalizesWithTheRulesFile(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"),
        "rules:\n  - id: paragraph-sponsored\n    type: paragraph\n    pattern: 'Sponsored:.*'\n");
    bodies.put("/w.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>W</title>"
        + "<link>https://news.example/</link><description>t</description><item><guid>w#1</guid><title>The council</title>"
        + "<link>https://news.example/w/1</link><description><![CDATA[<p>The council met on Tuesday to set the budget.</p>"
        + "<p>Sponsored: buy the council's mug.</p>]]></description></item></channel></rss>");
    FeedDefinition feed = FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w.xml"));
    Map<String, String> props = props();
    props.put("normalize.rulesFile", rules.toString());
    FeedSourceTask task = task(props, feed);

    SourceRecord story = nextRecords(task).getFirst();

    com.fasterxml.jackson.databind.JsonNode event =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree((byte[]) story.value());
    assertThat(event.at("/text").asText()).isEqualTo("The council met on Tuesday to set the budget.");
    assertThat(event.toString()).contains("paragraph-sponsored"); // what was removed, by which rule
    task.stop();
  }

  /** A feed at {@code path} whose responses wait until {@code release} opens. */
  private FeedDefinition heldFeed(String path, int stories, CountDownLatch release) {
    server.createContext(path, exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = rss(path, stories).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    return FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
  }

  /** The feeds whose polls these records are, in order: every poll has one feed-status record, keyed by its feed. */
  private static List<String> feedsOf(List<SourceRecord> records) {
    return records.stream().filter(r -> r.topic().equals("fp.feed-status")).map(r -> (String) r.key()).toList();
  }

  @Test
  void theTasksMetricsCountItsPollsRecordsAndDeadLettersInTheWorkersRegistry() throws Exception {
    FeedDefinition good = feed("/m.xml", 3);
    FeedDefinition broken = feed("/n.xml", 0);
    bodies.put("/n.xml", "{\"this\": \"is no feed\"}");
    FeedDefinition missing = FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/o.xml"));
    FeedSourceTask task = task(FeedSplit.WHOLE, good, broken, missing);

    // the three polls, in as many transactions as poll() groups them into
    List<List<SourceRecord>> transactions = new ArrayList<>();
    while (transactions.stream().flatMap(List::stream).filter(r -> r.topic().equals("fp.feed-state")).count() < 3) {
      transactions.add(nextRecords(task));
    }

    assertThat(metric(TaskMetrics.FEEDS)).isEqualTo(3);
    assertThat(metric(TaskMetrics.POLLS, "outcome", "ok")).isEqualTo(1);
    assertThat(metric(TaskMetrics.POLLS, "outcome", "parse_error")).isEqualTo(1);
    assertThat(metric(TaskMetrics.POLLS, "outcome", "http_error")).isEqualTo(1);
    assertThat(metric(TaskMetrics.POLLS, "outcome", "network_error")).isZero(); // registered at start, at zero
    assertThat(metric(TaskMetrics.PUBLISHED, "topic", "stories")).isEqualTo(3);
    assertThat(metric(TaskMetrics.PUBLISHED, "topic", "feed-state")).isEqualTo(3);
    assertThat(metric(TaskMetrics.PUBLISHED, "topic", "dead-letters")).isEqualTo(1);
    assertThat(metric(TaskMetrics.DEAD_LETTERS, "kind", deadLetterKind(transactions))).isEqualTo(1);
    assertThat(metric(TaskMetrics.TRANSACTIONS)).isEqualTo(transactions.size());
    assertThat(metric(TaskMetrics.TRANSACTION_RECORDS)).isEqualTo(transactions.stream().mapToInt(List::size).sum());
    assertThat(metric(TaskMetrics.TRANSACTION_RECORDS_MAX))
        .isEqualTo(transactions.stream().mapToInt(List::size).max().orElseThrow());
    task.stop();
  }

  @Test
  void aTaskOnAWorkerWithoutPluginMetricsStillPolls() throws Exception {
    FeedDefinition feed = feed("/p.xml", 1);
    FeedSourceTask task = new FeedSourceTask();
    SourceTaskContext context = context();
    task.initialize(new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return context.configs();
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return context.offsetStorageReader();
      }

      @Override
      public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("a worker before KIP-877");
      }
    });
    task.start(FeedConnectorConfig.from(props()), source(new ArrayDeque<>(List.of(changes(feed)))));

    assertThat(nextRecords(task)).isNotEmpty();
    task.stop();
  }

  /** #23: a task the worker stopped while it was still starting leaves no metric to hide the next instance's. */
  @Test
  void aTaskStoppedWhileStartingLeavesTheNextInstanceItsMetrics() throws Exception {
    FeedDefinition feed = feed("/r.xml", 1);
    SourceTaskContext sameTask = context(); // both instances are task 0 on one worker
    FeedSourceTask stale = new FeedSourceTask();
    stale.initialize(sameTask);
    stale.stop(); // a rebalance's stop, before start() got to its metrics and scheduler
    stale.start(FeedConnectorConfig.from(props()), source(new ArrayDeque<>(List.of(changes(feed)))));
    assertThat(stale.poll()).isNull();

    FeedSourceTask next = new FeedSourceTask();
    next.initialize(sameTask);
    next.start(FeedConnectorConfig.from(props()), source(new ArrayDeque<>(List.of(changes(feed)))));
    assertThat(nextRecords(next)).isNotEmpty();
    assertThat(metric(TaskMetrics.FEEDS)).isEqualTo(1); // the stale instance's gauge would read 0
    next.stop();
  }

  /** A metric of the task as the worker's registry holds it: group {@code plugins}, the worker's tags first. */
  private double metric(String name, String... tag) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", "feedpipe");
    tags.put("task", "0");
    for (int i = 0; i < tag.length; i += 2) {
      tags.put(tag[i], tag[i + 1]);
    }
    KafkaMetric metric = metrics.metrics().get(new MetricName(name, "plugins", "", tags));
    assertThat(metric).as("metric %s %s among %s", name, tags, metrics.metrics().keySet()).isNotNull();
    return ((Number) metric.metricValue()).doubleValue();
  }

  /** The kind the dead letter among {@code transactions} carries, as its JSON value says. */
  private static String deadLetterKind(List<List<SourceRecord>> transactions) {
    SourceRecord letter = transactions.stream().flatMap(List::stream).filter(r -> r.topic().equals("fp.dead-letters"))
        .findFirst().orElseThrow();
    String value = new String((byte[]) letter.value(), StandardCharsets.UTF_8);
    java.util.regex.Matcher kind = java.util.regex.Pattern.compile("\"kind\":\"([^\"]+)\"").matcher(value);
    assertThat(kind.find()).as(value).isTrue();
    return kind.group(1);
  }

  /** The next feed poll the task returns; fetching runs on the scheduler's threads, so a poll() may return nothing first. */
  private static List<SourceRecord> nextRecords(FeedSourceTask task) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      List<SourceRecord> records = task.poll();
      if (records != null) {
        return records;
      }
    }
    throw new AssertionError("no feed poll within 30 s");
  }

  private static long owned(FeedSplit split, List<FeedDefinition> feeds, boolean byThisTask) {
    return feeds.stream().filter(f -> split.owns(f.id()) == byThisTask).count();
  }

  private FeedDefinition feed(String path, int stories) {
    bodies.put(path, rss(path, stories));
    return FeedDefinition.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
  }

  private static String rss(String path, int stories) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < stories; i++) {
      items.append("<item><guid>").append(path).append('#').append(i).append("</guid><title>Story ").append(i)
          .append(" of ").append(path).append("</title><link>https://news.example").append(path).append('/').append(i)
          .append("</link><description>Body of story ").append(i).append(", long enough to be a story of its own.")
          .append("</description><pubDate>Tue, 01 Dec 2026 0").append(i % 10).append(":00:00 GMT</pubDate></item>");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Feed " + path
        + "</title><link>https://news.example/</link><description>test</description>" + items + "</channel></rss>";
  }

  private Map<String, String> props() {
    Map<String, String> props = FeedConnectorConfigTest.valid();
    props.put("topics.prefix", "fp");
    props.put("fetch.allowedAddresses", "127.0.0.1/32");
    return props;
  }

  private FeedSourceTask task(FeedSplit split, FeedDefinition... feeds) {
    return task(split, InstantSource.system(), feeds);
  }

  private FeedSourceTask task(FeedSplit split, InstantSource clock, FeedDefinition... feeds) {
    FeedSourceTask task = new FeedSourceTask(clock);
    task.initialize(context());
    FeedConnectorConfig config = FeedConnectorConfig.from(props());
    task.start(new FeedConnectorConfig(config.publish(), config.ingest(), config.normalize(), split),
        source(new ArrayDeque<>(List.of(changes(feeds)))));
    return task;
  }

  /** What the worker commits: each record's offset, none for a record with no source partition. */
  private void commit(List<SourceRecord> records) {
    records.stream().filter(r -> r.sourcePartition() != null)
        .forEach(r -> committedOffsets.put(r.sourcePartition(), r.sourceOffset()));
  }

  private static FeedsTopic.Changes changes(FeedDefinition... feeds) {
    List<FeedsTopic.Change> changes = new ArrayList<>();
    for (FeedDefinition f : feeds) {
      changes.add(new FeedsTopic.Change(f.id(), Optional.of(f), Instant.EPOCH));
    }
    return new FeedsTopic.Changes(changes, List.of());
  }

  private static FeedSourceTask.FeedSource source(Queue<FeedsTopic.Changes> reads) {
    return new FeedSourceTask.FeedSource() {
      @Override
      public FeedsTopic.Changes read(Duration within) {
        FeedsTopic.Changes next = reads.poll();
        return next == null ? new FeedsTopic.Changes(List.of(), List.of()) : next;
      }

      @Override
      public void close() {}
    };
  }

  private static String header(SourceRecord r, String key) {
    Header h = r.headers().lastWithName(key);
    return new String((byte[]) h.value(), StandardCharsets.UTF_8);
  }

  private SourceTaskContext context() {
    OffsetStorageReader reader = new OffsetStorageReader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return (Map<String, Object>) committedOffsets.get(partition);
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
        partitions.forEach(p -> found.put(p, offset(p)));
        return found;
      }
    };
    TransactionContext transactions = new TransactionContext() {
      @Override
      public void commitTransaction() {
        throw new AssertionError("the task commits at a record");
      }

      @Override
      public void commitTransaction(SourceRecord record) {
        transactionEnds.add(record);
      }

      @Override
      public void abortTransaction() {
        throw new AssertionError("the task never aborts");
      }

      @Override
      public void abortTransaction(SourceRecord record) {
        throw new AssertionError("the task never aborts");
      }
    };
    // task 0, 1, ... in the order the test starts them
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", "feedpipe");
    tags.put("task", Integer.toString(pluginMetrics.size()));
    PluginMetricsImpl taskMetrics = new PluginMetricsImpl(metrics, tags);
    pluginMetrics.add(taskMetrics);
    return new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return Map.of();
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return reader;
      }

      @Override
      public TransactionContext transactionContext() {
        return transactions;
      }

      @Override
      public PluginMetrics pluginMetrics() {
        return taskMetrics;
      }
    };
  }
}
