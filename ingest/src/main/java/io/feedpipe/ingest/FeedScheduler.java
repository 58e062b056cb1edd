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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each feed's {@link PollTask} when it is due, on virtual threads: one per feed, sleeping
 * between polls, with at most {@code schedule.perHostConcurrency} polls in flight per host (taken
 * first, so feeds queued behind a slow host hold no global slot) and {@code
 * schedule.globalConcurrency} over all feeds.
 * A task that throws is logged and retried after {@code schedule.defaultInterval}; a feed never
 * silently stops unless its task returns {@link Instant#MAX}.
 *
 * <p>Thread-safe. The scheduler owns its threads; {@link #close()} stops them.
 */
public final class FeedScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedScheduler.class);

  private final ScheduleSettings settings;
  private final InstantSource clock;
  private final PollTask task;
  private final Semaphore inFlight;
  private final java.util.concurrent.ConcurrentHashMap<String, Semaphore> perHost =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("feedpipe-poll-", 0).factory());
  private volatile boolean started;

  public FeedScheduler(ScheduleSettings settings, InstantSource clock, PollTask task) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.task = requireNonNull(task, "task");
    this.inFlight = new Semaphore(settings.globalConcurrency(), true);
  }

  /**
   * Polls each feed when due: first at {@code firstDue} (or now), then whenever its task says. At
   * most {@code schedule.globalConcurrency} polls run at once. Call once.
   */
  public void start(Collection<FeedDefinition> feeds, Function<FeedDefinition, Optional<Instant>> firstDue) {
    requireNonNull(feeds, "feeds");
    requireNonNull(firstDue, "firstDue");
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("FeedScheduler.start may be called only once");
      }
      started = true;
    }
    for (FeedDefinition feed : List.copyOf(feeds)) {
      Instant due = firstDue.apply(feed).orElse(clock.instant());
      threads.execute(() -> run(feed, due));
    }
  }

  private void run(FeedDefinition feed, Instant firstDue) {
    Instant due = firstDue;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Duration wait = Duration.between(clock.instant(), due);
        if (!wait.isNegative() && !wait.isZero()) {
          Thread.sleep(wait);
        }
        // the host the poll will fetch from: after a 301 that is not the configured URL's host (#18)
        Semaphore host = perHost.computeIfAbsent(hostOf(task.urlOf(feed)),
            h -> new Semaphore(settings.perHostConcurrency(), true));
        host.acquire();
        try {
          inFlight.acquire();
          try {
            due = task.poll(feed);
          } catch (RuntimeException | StackOverflowError e) {
            // a feed never silently stops: a bug in one poll (even a parser's stack overflow) is
            // logged and the feed retried at its default interval
            LOG.error("{} ({}): poll failed unexpectedly; retrying in {}", feed.id(), Redaction.url(feed.url()),
                settings.defaultInterval(), e);
            due = clock.instant().plus(settings.defaultInterval());
          } catch (Error e) {
            LOG.error("{} ({}): poll failed with {}; this feed is no longer polled", feed.id(), Redaction.url(feed.url()), e, e);
            throw e;
          } finally {
            inFlight.release();
          }
        } finally {
          host.release();
        }
        if (due == null || due.equals(Instant.MAX)) {
          LOG.debug("{} ({}): no further polls scheduled", feed.id(), Redaction.url(feed.url()));
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
