package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of a feed's poll that changed what matters about it — it starts failing, recovers,
 * is disabled, or moved permanently — never one per healthy poll. The service's pipeline and the
 * Kafka Connect task log them alike, after each poll whose state becomes current.
 *
 * <p>Thread-safe: it holds no state.
 */
public final class FeedTransitions {
  private static final Logger log = LoggerFactory.getLogger(FeedTransitions.class);

  private FeedTransitions() {}

  /**
   * Logs what changed between {@code previous} (the state the poll was judged against, as the feed
   * is configured now: {@link FeedState#configuredAs}) and {@code next}: WARN when the feed is
   * disabled or starts failing, INFO when it recovers or moved permanently. The feed is named by
   * its name, else its URL redacted.
   */
  public static void log(FeedDefinition feed, FeedState previous, FeedState next, FeedStatus status) {
    requireNonNull(feed, "feed");
    requireNonNull(previous, "previous");
    requireNonNull(next, "next");
    requireNonNull(status, "status");
    String name = feed.name().orElseGet(() -> Redaction.url(feed.url()).toString());
    if (next.disabledReason().isPresent() && previous.disabledReason().isEmpty()) {
      log.warn("Feed {} disabled: {}", name, next.disabledReason().get());
    } else if (next.consecutiveErrors() > 0 && previous.consecutiveErrors() == 0) {
      log.warn("Feed {} failed ({}): {}; backing off, next attempt at {}", name, status.outcome().label(),
          status.message().orElse("no detail"), next.nextDueAt().map(Object::toString).orElse("unknown"));
    } else if (next.consecutiveErrors() == 0 && previous.consecutiveErrors() > 0) {
      log.info("Feed {} recovered after {} failed poll(s)", name, previous.consecutiveErrors());
    }
    if (!next.url().equals(previous.url())) {
      log.info("Feed {} moved permanently to {}", name, next.url());
    }
  }
}
