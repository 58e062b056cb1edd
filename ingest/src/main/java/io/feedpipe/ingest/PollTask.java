package io.feedpipe.ingest;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import java.net.URI;
import java.time.Instant;

/** What the scheduler runs for a due feed. */
@FunctionalInterface
public interface PollTask {
  /**
   * Polls the feed (and does whatever follows: normalise, publish).
   *
   * @return when to poll this feed next; {@link Instant#MAX} never again (a disabled feed)
   * @throws InterruptedException when interrupted at shutdown
   */
  Instant poll(FeedDefinition feed) throws InterruptedException;

  /**
   * Where the feed is polled now — its configured URL, or where a permanent redirect moved it
   * ({@link FeedState#urlFor}) — so the scheduler's per-host bound counts the host the poll will
   * really fetch from. The default, for tasks that keep no state, is the configured URL.
   */
  default URI urlOf(FeedDefinition feed) {
    return feed.url();
  }
}
