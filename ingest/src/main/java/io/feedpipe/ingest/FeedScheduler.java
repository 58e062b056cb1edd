package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each feed's {@link PollTask} when it is due, on virtual threads: one per feed, waiting
 * between polls, with at most {@code schedule.perHostConcurrency} polls in flight per host (taken
 * first, so feeds queued behind a slow host hold no global slot) and {@code
 * schedule.globalConcurrency} over all feeds.
 * A task that throws is logged and retried after {@code schedule.defaultInterval}; a feed never
 * silently stops unless its task returns {@link Instant#MAX} (then it waits for a new definition).
 *
 * <p>Feeds come and go while it runs: {@link #put} adds a feed or gives one a new definition (its
 * next poll is then due when {@code firstDue} says for the new one, at once when it says nothing),
 * {@link #remove} stops one. A poll in flight is never interrupted by either: a removed feed stops
 * after it, a redefined one polls next with its new definition. One feed is never polled twice at
 * once, even when removed and put back while a poll runs.
 *
 * <p>Thread-safe. The scheduler owns its threads; {@link #close()} stops them.
 */
public final class FeedScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedScheduler.class);

  private final ScheduleSettings settings;
  private final InstantSource clock;
  private final PollTask task;
  private final Semaphore inFlight;
  private final ConcurrentHashMap<String, Semaphore> perHost = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Scheduled> scheduled = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("feedpipe-poll-", 0).factory());
  private volatile @Nullable Function<FeedDefinition, Optional<Instant>> firstDue;

  /** One feed's place in the schedule: its definition, and whether it was redefined or removed meanwhile. */
  private static final class Scheduled {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    FeedDefinition definition; // guarded by lock
    boolean redefined; // guarded by lock
    boolean removed; // guarded by lock
    boolean exited; // guarded by lock: its thread has ended

    Scheduled(FeedDefinition definition) {
      this.definition = definition;
    }
  }

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
    synchronized (this) {
      if (this.firstDue != null) {
        throw new IllegalStateException("FeedScheduler.start may be called only once");
      }
      this.firstDue = firstDue;
    }
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
    if (firstDue == null) {
      throw new IllegalStateException("FeedScheduler.put before start");
    }
    scheduled.compute(feed.id(), (id, current) -> {
      if (current != null) {
        current.lock.lock();
        try {
          if (!current.exited) {
            if (current.removed || !current.definition.equals(feed)) {
              current.definition = feed;
              current.redefined = true;
              current.removed = false;
              current.changed.signalAll();
            }
            return current;
          }
        } finally {
          current.lock.unlock();
        }
      }
      Scheduled fresh = new Scheduled(feed);
      threads.execute(() -> run(fresh));
      return fresh;
    });
  }

  /**
   * Stops polling the feed with this id: at once when it waits, after its poll when one runs.
   *
   * @return whether it was scheduled
   */
  public boolean remove(String feedId) {
    requireNonNull(feedId, "feedId");
    Scheduled s = scheduled.get(feedId);
    if (s == null) {
      return false;
    }
    s.lock.lock();
    try {
      if (s.removed || s.exited) {
        return false;
      }
      s.removed = true;
      s.changed.signalAll();
      return true;
    } finally {
      s.lock.unlock();
    }
  }

  /** The feeds scheduled now, by id. */
  public Map<String, FeedDefinition> feeds() {
    Map<String, FeedDefinition> feeds = new TreeMap<>();
    scheduled.forEach((id, s) -> {
      s.lock.lock();
      try {
        if (!s.removed && !s.exited) {
          feeds.put(id, s.definition);
        }
      } finally {
        s.lock.unlock();
      }
    });
    return feeds;
  }

  private Instant dueOf(FeedDefinition feed) {
    return requireNonNull(firstDue, "firstDue").apply(feed).orElseGet(clock::instant);
  }

  private void run(Scheduled s) {
    FeedDefinition feed;
    s.lock.lock();
    try {
      feed = s.definition;
    } finally {
      s.lock.unlock();
    }
    Instant due = dueOf(feed);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        // wait until due, or until the feed is redefined or removed
        s.lock.lock();
        try {
          while (!s.removed && !s.redefined && clock.instant().isBefore(due)) {
            Duration wait = Duration.between(clock.instant(), due);
            s.changed.awaitNanos(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : Math.max(1, wait.toNanos()));
          }
          if (s.removed) {
            return;
          }
          feed = s.definition;
          if (s.redefined) {
            s.redefined = false;
            due = dueOf(feed);
            continue;
          }
        } finally {
          s.lock.unlock();
        }
        due = pollOnce(s, feed);
        if (due.equals(Instant.MAX)) {
          LOG.debug("{} ({}): no further polls scheduled", feed.id(), Redaction.url(feed.url()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      s.lock.lock();
      try {
        s.exited = true;
      } finally {
        s.lock.unlock();
      }
      scheduled.remove(feed.id(), s);
    }
  }

  /** Longest single wait: a due time far off (a disabled feed's {@link Instant#MAX}) is waited for in steps. */
  private static final Duration MAX_WAIT = Duration.ofHours(1);

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

  private static boolean isRemoved(Scheduled s) {
    s.lock.lock();
    try {
      return s.removed;
    } finally {
      s.lock.unlock();
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
