package io.feedpipe.app;

import static java.util.Objects.requireNonNull;

import io.feedpipe.app.ops.PipelineMetrics;
import io.feedpipe.ingest.FeedIngestor;
import io.feedpipe.ingest.IngestResult;
import io.feedpipe.ingest.PollTask;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Story;
import io.feedpipe.normalize.Normalizer;
import io.feedpipe.publish.BrokerUnavailableException;
import io.feedpipe.publish.FeedTransitions;
import io.feedpipe.publish.PublishReceipt;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import io.feedpipe.publish.PublisherFencedException;
import io.feedpipe.publish.RecordRefusedException;
import io.feedpipe.publish.StoryPublisher;
import io.feedpipe.publish.Topics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one feed, end to end: ingest → normalize → publish in one transaction.
 *
 * <p>When the broker is unavailable the same poll result is retried with back-off (1 s doubling to
 * {@link #MAX_BROKER_BACKOFF}) until it is accepted: the feed state has not advanced, so nothing is
 * lost, and since the scheduler runs at most {@code schedule.globalConcurrency} polls at once,
 * memory stays bounded during a long outage. A fenced publisher stops the service.
 *
 * <p>Thread-safe: the scheduler calls {@link #poll} from many virtual threads, never twice at once
 * for the same feed.
 */
final class FeedPipeline implements PollTask {
  private static final Logger log = LoggerFactory.getLogger(FeedPipeline.class);

  /** Longest wait between two attempts to publish while the broker is away. */
  static final Duration MAX_BROKER_BACKOFF = Duration.ofSeconds(30);

  private final FeedIngestor ingestor;
  private final Normalizer normalizer;
  private final StoryPublisher publisher;
  private final PipelineMetrics metrics;
  private final InstantSource clock;
  private final Duration defaultInterval;
  private final Consumer<PublisherFencedException> onFenced;
  private final Topics topics;
  private final Map<String, FeedStatus> lastStatus;
  private final AtomicBoolean brokerLost = new AtomicBoolean();

  FeedPipeline(
      FeedIngestor ingestor,
      Normalizer normalizer,
      StoryPublisher publisher,
      PipelineMetrics metrics,
      InstantSource clock,
      Duration defaultInterval,
      Topics topics,
      Map<String, FeedStatus> lastStatus,
      Consumer<PublisherFencedException> onFenced) {
    this.lastStatus = requireNonNull(lastStatus, "lastStatus");
    this.topics = requireNonNull(topics, "topics");
    this.ingestor = requireNonNull(ingestor, "ingestor");
    this.normalizer = requireNonNull(normalizer, "normalizer");
    this.publisher = requireNonNull(publisher, "publisher");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
    this.defaultInterval = requireNonNull(defaultInterval, "defaultInterval");
    this.onFenced = requireNonNull(onFenced, "onFenced");
  }

  /** The feed's last committed state for the feed as configured now ({@link FeedState#configuredAs}), when it has one. */
  Optional<FeedState> state(FeedDefinition feed) {
    return publisher.state(feed.id()).map(s -> s.configuredAs(feed));
  }

  /** Where the feed is polled now, from its committed state: the scheduler's per-host bound is keyed on its host. */
  @Override
  public URI urlOf(FeedDefinition feed) {
    return publisher.state(feed.id()).map(s -> s.urlFor(feed)).orElse(feed.url());
  }

  @Override
  public Instant poll(FeedDefinition feed) throws InterruptedException {
    FeedState stored = publisher.state(feed.id()).orElseGet(() -> FeedState.initial(feed.id(), feed.url()));
    FeedState previous = stored.configuredAs(feed);
    if (previous.disabledReason().isPresent()) {
      // a disabled feed (410 Gone) stays disabled until an operator changes its URL
      return Instant.MAX;
    }
    // given the stored state, ingest moves the feed to a URL changed in the feeds file and logs it
    IngestResult result = ingestor.poll(feed, stored);
    List<Story> stories = normalizer.normalizePoll(result.items());
    PollResult poll = result.toPollResult(stories);
    metrics.recordPoll(result.status(), result.fetchDuration(), result.bytesFetched());

    Optional<PublishReceipt> accepted;
    try {
      accepted = publishUntilAccepted(poll);
    } catch (RecordRefusedException e) {
      // nothing of this poll was committed and the feed's state has not moved: the next poll
      // fetches the same items again
      metrics.recordTransaction(Duration.ZERO, "refused");
      Instant retry = clock.instant().plus(defaultInterval);
      log.warn("{}; nothing of this poll was published, retrying at {}", e.getMessage(), retry);
      return retry;
    }
    if (accepted.isEmpty()) {
      return Instant.MAX; // fenced: the service is stopping
    }
    PublishReceipt receipt = accepted.get();
    metrics.recordItems(receipt.newStories(), receipt.updatedStories(), receipt.unchangedStories());
    receipt.recordsByTopic().forEach((topic, n) -> metrics.recordPublished(
        topics.roleOf(topic).orElseThrow(() -> new IllegalStateException("not one of " + topics + ": " + topic)).label(), n));
    metrics.recordStories(firstPublished(stories, receipt));
    receipt.deadLetterKinds().forEach(metrics::recordDeadLetter);
    metrics.recordTransaction(receipt.transactionDuration(), "committed");
    lastStatus.put(feed.id(), result.status());
    FeedTransitions.log(feed, previous, result.nextState(), result.status());
    return result.nextState().nextDueAt().orElseGet(() -> clock.instant().plus(defaultInterval));
  }

  private Optional<PublishReceipt> publishUntilAccepted(PollResult poll) throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      try {
        PublishReceipt receipt = publisher.publish(poll);
        if (brokerLost.compareAndSet(true, false)) {
          log.info("Kafka is reachable again; publishing resumed");
        }
        return Optional.of(receipt);
      } catch (BrokerUnavailableException e) {
        metrics.recordTransaction(Duration.ZERO, "broker_unavailable");
        if (brokerLost.compareAndSet(false, true)) {
          log.warn("Kafka is unavailable; polling paused until it returns: {}", e.getMessage());
        }
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BROKER_BACKOFF) > 0 ? MAX_BROKER_BACKOFF : backoff.multipliedBy(2);
      } catch (PublisherFencedException e) {
        metrics.recordTransaction(Duration.ZERO, "fenced");
        onFenced.accept(e);
        return Optional.empty();
      }
    }
  }

  /** The stories the receipt says were published for the first time (revision 1); later revisions are only counted. */
  private static List<Story> firstPublished(List<Story> stories, PublishReceipt receipt) {
    Set<String> ids = receipt.stories().stream().filter(PublishedStory::isNew).map(PublishedStory::storyId)
        .collect(Collectors.toSet());
    return stories.stream().filter(s -> ids.contains(s.id())).toList();
  }
}
