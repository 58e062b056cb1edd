package io.feedpipe.app;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Durations;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import io.feedpipe.publish.BrokerUnavailableException;
import io.feedpipe.publish.FeedsTopic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feeds the service polls, kept current while it runs: those of {@code --feed} or the feeds
 * file, and those of the feeds topic, read at start and then every {@code feeds.watchInterval}.
 * When neither gives a feed at start, the bundled sample feed is polled.
 *
 * <p>Precedence: an id that both give is polled as {@code --feed} or the feeds file defines it; the
 * topic's definition of it is ignored, with a warning — so a restart with the same file polls the
 * same feeds whatever the topic holds. To manage such a feed in the topic, take it out of the file.
 *
 * <p>A feed added to the topic is scheduled (polled at once, or when its restored state says), a
 * changed one takes its new definition, a removed one stops at once. Its state stays for {@code
 * feeds.forgetRemovedAfter} after the removal was written, so adding it back publishes nothing
 * twice; then its feed-state and feed-status records are deleted. The removal's time is the
 * tombstone's timestamp, which the topic keeps 30 days: a service restarted meanwhile still
 * forgets the feed on time.
 *
 * <p>Thread-safety: {@link #current()} may be called from any thread; the rest runs on the thread
 * that opens it and then on its watching thread. The creator closes it, which stops that thread.
 */
final class LiveFeeds implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);

  /** Where the topic's changes come from: {@link FeedsTopic.Reader#read}. */
  interface Source {
    FeedsTopic.Changes read(Duration within) throws TimeoutException;
  }

  /** What a change of the feeds does to the running service. */
  interface Target {
    /** Polls this feed from now on, or with this definition from now on. */
    void put(FeedDefinition feed);

    /** Stops polling it; what is kept in memory only about it may go. */
    void remove(String feedId);

    boolean hasState(String feedId);

    /** Deletes its state and status. */
    void forget(String feedId) throws BrokerUnavailableException, InterruptedException;
  }

  private final Map<String, FeedDefinition> configured;
  private final Map<String, FeedDefinition> fromTopic = new LinkedHashMap<>();
  /** Feeds removed from the topic whose state is not forgotten yet, with when they were removed. */
  private final Map<String, Instant> removedAt = new LinkedHashMap<>();
  private final Set<String> toldBoth = new HashSet<>();
  private final Source source;
  private final LiveFeedsSettings settings;
  private final Duration readWithin;
  private final InstantSource clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile List<FeedDefinition> current = List.of();
  private @Nullable Target target;
  private @Nullable Thread watching;
  private boolean failing;

  private LiveFeeds(List<FeedDefinition> configured, Source source, LiveFeedsSettings settings, Duration readWithin,
      InstantSource clock) {
    this.configured = new LinkedHashMap<>();
    configured.forEach(f -> this.configured.put(f.id(), f));
    this.source = source;
    this.settings = settings;
    this.readWithin = readWithin;
    this.clock = clock;
  }

  /**
   * Reads the whole feeds topic and returns the feeds to poll at start.
   *
   * @param configured the feeds of {@code --feed} or the feeds file (empty when neither is given)
   * @param sample the sample feed, polled when neither the configuration nor the topic gives one
   * @param readWithin how long one read of the topic may take
   * @throws IllegalStateException when the topic cannot be read within {@code readWithin}
   */
  static LiveFeeds open(List<FeedDefinition> configured, Supplier<FeedDefinition> sample, Source source,
      LiveFeedsSettings settings, Duration readWithin, InstantSource clock) {
    LiveFeeds feeds = new LiveFeeds(configured, requireNonNull(source, "source"), requireNonNull(settings, "settings"),
        readWithin, clock);
    try {
      feeds.apply(source.read(readWithin));
    } catch (TimeoutException | KafkaException e) {
      throw new IllegalStateException("cannot read the feeds topic within " + Durations.format(readWithin) + ": " + e.getMessage(), e);
    }
    if (feeds.current.isEmpty() && configured.isEmpty()) {
      FeedDefinition s = sample.get();
      feeds.configured.put(s.id(), s);
      feeds.current = List.of(s);
    }
    return feeds;
  }

  /** The feeds polled now: those of the configuration first, then the topic's. */
  List<FeedDefinition> current() {
    return current;
  }

  /** Starts following the topic; from now on each change goes to {@code target}. Call once. */
  void watch(Target target) {
    this.target = requireNonNull(target, "target");
    Thread t = Thread.ofPlatform().name("feedpipe-feeds-watch").daemon(true).unstarted(this::watchLoop);
    watching = t;
    t.start();
  }

  private void watchLoop() {
    try {
      forgetDue();
      while (!stop.await(settings.watchInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        try {
          apply(source.read(readWithin));
          if (failing) {
            log.info("The feeds topic reads again");
            failing = false;
          }
        } catch (TimeoutException | KafkaException e) {
          if (!failing) {
            log.warn("Cannot read the feeds topic, the feeds stay as they are until it reads again: {}", e.toString());
            failing = true;
          }
        }
        forgetDue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Following the feeds topic failed; feeds added or removed there take effect after a restart", e);
    }
  }

  /** Folds the changes in, and tells the target what they change. */
  void apply(FeedsTopic.Changes changes) {
    changes.unreadable().forEach(u -> log.warn("Skipping a record of the feeds topic that is no feed definition: {}", u));
    for (FeedsTopic.Change change : changes.changes()) {
      String id = change.feedId();
      FeedDefinition before = effective(id);
      if (change.definition().isPresent()) {
        fromTopic.put(id, change.definition().get());
        removedAt.remove(id);
        if (configured.containsKey(id) && toldBoth.add(id)) {
          log.warn("Feed {} is defined in the feeds topic and by --feed or the feeds file; the feeds file's definition "
              + "is polled (take it out of the file to manage it in the topic)", id);
        }
      } else {
        fromTopic.remove(id);
        if (!configured.containsKey(id)) {
          removedAt.put(id, change.at());
        }
      }
      FeedDefinition after = effective(id);
      Target t = target;
      if (t != null && !Objects.equals(before, after)) {
        if (after != null) {
          log.info("Feed {} ({}) {} in the feeds topic", id, Redaction.url(after.url()), before == null ? "added" : "changed");
          t.put(after);
        } else {
          log.info("Feed {} removed from the feeds topic: no longer polled; its state is deleted after {} "
              + "(feeds.forgetRemovedAfter) unless it comes back", id, Durations.format(settings.forgetRemovedAfter()));
          t.remove(id);
        }
      }
    }
    List<FeedDefinition> all = new ArrayList<>(configured.values());
    fromTopic.forEach((id, f) -> {
      if (!configured.containsKey(id)) {
        all.add(f);
      }
    });
    current = List.copyOf(all);
  }

  private @Nullable FeedDefinition effective(String id) {
    FeedDefinition fromFile = configured.get(id);
    return fromFile != null ? fromFile : fromTopic.get(id);
  }

  /** Forgets the removed feeds whose grace has passed; one Kafka cannot forget now is tried next round. */
  private void forgetDue() throws InterruptedException {
    Target t = requireNonNull(target, "target");
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Instant>> it = removedAt.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Instant> e = it.next();
      String id = e.getKey();
      if (effective(id) != null || !t.hasState(id)) {
        it.remove();
        continue;
      }
      if (now.isBefore(e.getValue().plus(settings.forgetRemovedAfter()))) {
        continue;
      }
      try {
        t.forget(id);
        it.remove();
        log.info("Forgot feed {}: removed from the feeds topic at {}, more than {} ago (feeds.forgetRemovedAfter); "
            + "its state and status are deleted", id, e.getValue(), Durations.format(settings.forgetRemovedAfter()));
      } catch (BrokerUnavailableException | RuntimeException ex) {
        log.debug("Could not forget feed {} yet: {}", id, ex.toString());
      }
    }
  }

  /** Stops watching, waiting for a read in progress at most about {@code readWithin}. */
  @Override
  public void close() {
    stop.countDown();
    Thread t = watching;
    if (t != null) {
      try {
        t.join(readWithin.plusSeconds(1).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
