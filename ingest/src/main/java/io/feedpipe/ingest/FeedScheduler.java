package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each feed's {@link PollTask} when it is due, on virtual threads: a thread per poll, started
 * when the feed is due, with at most {@code schedule.perHostConcurrency} polls in flight per host
 * (taken first, so feeds queued behind a slow host hold no global slot) and {@code
 * schedule.globalConcurrency} over all feeds. A feed waiting for its next poll holds no thread: it
 * is an entry in one queue by due time, which one timer thread serves, so a waiting feed costs
 * about a hundred bytes of heap, where a parked thread per feed would keep its stack and its
 * thread-locals (the JDK XML parser's buffers among them): ~24 KB a feed.
 * A task that throws is logged and retried after {@code schedule.defaultInterval}; a feed never
 * silently stops unless its task returns {@link Instant#MAX} (then it waits for a new definition).
 *
 * <p>Feeds come and go while it runs: {@link #put} adds a feed or gives one a new definition (its
 * next poll is then due when {@code firstDue} says for the new one, at once when it says nothing),
 * {@link #remove} stops one. A poll in flight is never interrupted by either: a removed feed stops
 * after it, a redefined one polls next with its new definition. One feed is never polled twice at
 * once, even when removed and put back while a poll runs.
 *
 * <p>Thread-safe: one lock guards the schedule ({@code firstDue} is called under it, so it must
 * not call the scheduler). The scheduler owns its threads; {@link #close()} stops them.
 */
public final class FeedScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedScheduler.class);

  private final ScheduleSettings settings;
  private final InstantSource clock;
  private final PollTask task;
  private final Semaphore inFlight;
  private final ConcurrentHashMap<String, Semaphore> perHost = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("feedpipe-poll-", 0).factory());
  /** Guards {@link #scheduled}, {@link #waiting} and every {@link Scheduled}'s fields. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a feed waits for an earlier time than the timer does, or the scheduler closes. */
  private final Condition earlier = lock.newCondition();
  /** Every feed scheduled, waiting or polled now (removed ones only until their poll ends), by id. */
  private final Map<String, Scheduled> scheduled = new HashMap<>();
  /** The feeds waiting for a due time, earliest first; an entry its feed no longer points at is stale. */
  private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(Comparator.comparing(Waiting::due));
  private @Nullable Function<FeedDefinition, Optional<Instant>> firstDue;
  private boolean closed;

  /** One feed's place in the schedule. All fields guarded by {@link #lock}. */
  private static final class Scheduled {
    FeedDefinition definition;
    /** Its entry in {@link #waiting}; null while it is polled, or waits for a new definition. */
    @Nullable Waiting entry;
    boolean polling;
    /** Given a new definition, or put back after a removal, while polled. */
    boolean redefined;
    /** Removed while polled: it leaves the schedule when the poll ends. */
    boolean removed;

    Scheduled(FeedDefinition definition) {
      this.definition = definition;
    }
  }

  /** A feed waiting for {@code due}. */
  private record Waiting(Instant due, Scheduled feed) {}

  public FeedScheduler(ScheduleSettings settings, InstantSource clock, PollTask task) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.task = requireNonNull(task, "task");
    this.inFlight = new Semaphore(settings.globalConcurrency(), true);
  }

  /**
   * Polls each feed when due: first at {@code firstDue} (or now), then whenever its task says. At
   * most {@code schedule.globalConcurrency} polls run at once. Call once, before {@link #put}.
   */
  public void start(Collection<FeedDefinition> feeds, Function<FeedDefinition, Optional<Instant>> firstDue) {
    requireNonNull(feeds, "feeds");
    requireNonNull(firstDue, "firstDue");
    lock.lock();
    try {
      if (this.firstDue != null) {
        throw new IllegalStateException("FeedScheduler.start may be called only once");
      }
      this.firstDue = firstDue;
    } finally {
      lock.unlock();
    }
    threads.execute(this::runTimer);
    for (FeedDefinition feed : List.copyOf(feeds)) {
      put(feed);
    }
  }

  /**
   * Polls {@code feed} from now on, or, when a feed with its id is scheduled, gives it this
   * definition (nothing changes when it is the same). Either way its next poll is due when {@code
   * firstDue} says for this definition, or at once.
   *
   * @throws IllegalStateException before {@link #start}
   */
  public void put(FeedDefinition feed) {
    requireNonNull(feed, "feed");
    lock.lock();
    try {
      if (firstDue == null) {
        throw new IllegalStateException("FeedScheduler.put before start");
      }
      Scheduled s = scheduled.get(feed.id());
      if (s == null) {
        s = new Scheduled(feed);
        scheduled.put(feed.id(), s);
      } else if (!s.removed && s.definition.equals(feed)) {
        return;
      } else {
        s.definition = feed;
        s.removed = false;
        if (s.polling) {
          s.redefined = true; // due anew when its poll ends
          return;
        }
      }
      waitFor(s, dueOf(feed));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops polling the feed with this id: at once when it waits, after its poll when one runs.
   *
   * @return whether it was scheduled
   */
  public boolean remove(String feedId) {
    requireNonNull(feedId, "feedId");
    lock.lock();
    try {
      Scheduled s = scheduled.get(feedId);
      if (s == null || s.removed) {
        return false;
      }
      if (s.polling) {
        s.removed = true;
        s.redefined = false;
      } else {
        scheduled.remove(feedId);
        s.entry = null; // its entry in the queue is stale from now on
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The feeds scheduled now, by id. */
  public Map<String, FeedDefinition> feeds() {
    Map<String, FeedDefinition> feeds = new TreeMap<>();
    lock.lock();
    try {
      scheduled.forEach((id, s) -> {
        if (!s.removed) {
          feeds.put(id, s.definition);
        }
      });
    } finally {
      lock.unlock();
    }
    return feeds;
  }

  /** When {@code feed} is first due: {@code firstDue}'s answer, or now. Under {@link #lock}. */
  private Instant dueOf(FeedDefinition feed) {
    return requireNonNull(firstDue, "firstDue").apply(feed).orElseGet(clock::instant);
  }

  /** Queues {@code s} for {@code due} ({@link Instant#MAX}: until it is redefined). Under {@link #lock}. */
  private void waitFor(Scheduled s, Instant due) {
    if (due.equals(Instant.MAX)) {
      s.entry = null;
      return;
    }
    Waiting w = new Waiting(due, s);
    s.entry = w;
    waiting.add(w);
    if (!due.isAfter(waiting.peek().due())) {
      earlier.signal(); // due first, or with the first: the head the timer waits for may be stale
    }
  }

  /** The timer: starts each feed's poll when it is due, in due order, until the scheduler closes. */
  private void runTimer() {
    lock.lock();
    try {
      while (!closed) {
        Waiting next = waiting.peek();
        if (next != null && next.feed().entry != next) {
          waiting.poll(); // stale: the feed was removed or given another due time meanwhile
          continue;
        }
        Instant now = clock.instant();
        if (next == null || now.isBefore(next.due())) {
          Duration wait = next == null ? MAX_WAIT : Duration.between(now, next.due());
          earlier.awaitNanos(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : Math.max(1, wait.toNanos()));
          continue;
        }
        waiting.poll();
        Scheduled s = next.feed();
        s.entry = null;
        s.polling = true;
        FeedDefinition feed = s.definition;
        threads.execute(() -> pollAndReschedule(s, feed));
      }
    } catch (InterruptedException | RejectedExecutionException closing) {
      // close() stops the timer
    } finally {
      lock.unlock();
    }
  }

  /** Longest single wait of the timer: a clock that moves oddly is looked at again after this. */
  private static final Duration MAX_WAIT = Duration.ofHours(1);

  /** One poll on its own virtual thread, then the feed waits for its next due time. */
  private void pollAndReschedule(Scheduled s, FeedDefinition feed) {
    Instant due;
    try {
      due = pollOnce(s, feed);
    } catch (InterruptedException e) {
      return; // the scheduler closes
    } catch (Error e) {
      lock.lock();
      try {
        scheduled.remove(feed.id(), s); // no longer polled, as logged; a put schedules it afresh
      } finally {
        lock.unlock();
      }
      throw e;
    }
    if (due.equals(Instant.MAX)) {
      LOG.debug("{} ({}): no further polls scheduled", feed.id(), Redaction.url(feed.url()));
    }
    lock.lock();
    try {
      s.polling = false;
      if (s.removed) {
        scheduled.remove(feed.id(), s);
        return;
      }
      if (s.redefined) {
        s.redefined = false;
        due = dueOf(s.definition);
      }
      waitFor(s, due);
    } finally {
      lock.unlock();
    }
  }

  /** Polls the feed once, under the per-host and global bounds; returns when it is due next. */
  private Instant pollOnce(Scheduled s, FeedDefinition feed) throws InterruptedException {
    // the host the poll will fetch from: after a 301 that is not the configured URL's host (#18)
    Semaphore host = perHost.computeIfAbsent(hostOf(task.urlOf(feed)),
        h -> new Semaphore(settings.perHostConcurrency(), true));
    host.acquire();
    try {
      inFlight.acquire();
      try {
        if (isRemoved(s)) {
          return Instant.MAX; // removed while it waited for a slot
        }
        Instant due = task.poll(feed);
        return due == null ? Instant.MAX : due;
      } catch (RuntimeException | StackOverflowError e) {
        // a feed never silently stops: a bug in one poll (even a parser's stack overflow) is
        // logged and the feed retried at its default interval
        LOG.error("{} ({}): poll failed unexpectedly; retrying in {}", feed.id(), Redaction.url(feed.url()),
            settings.defaultInterval(), e);
        return clock.instant().plus(settings.defaultInterval());
      } catch (Error e) {
        LOG.error("{} ({}): poll failed with {}; this feed is no longer polled", feed.id(), Redaction.url(feed.url()), e, e);
        throw e;
      } finally {
        inFlight.release();
      }
    } finally {
      host.release();
    }
  }

  private boolean isRemoved(Scheduled s) {
    lock.lock();
    try {
      return s.removed;
    } finally {
      lock.unlock();
    }
  }

  private static String hostOf(URI url) {
    String host = url.getHost();
    return host == null ? url.getScheme() + ":" : host.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Stops within about {@code schedule.shutdownTimeout}: no new polls start, running ones are
   * interrupted and awaited up to that bound.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      earlier.signal();
    } finally {
      lock.unlock();
    }
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("polls still running {} after shutdown began (schedule.shutdownTimeout); abandoning them",
            settings.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
