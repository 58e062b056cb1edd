package io.feedpipe.ingest;

import io.feedpipe.model.FeedDefinition;
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
}
