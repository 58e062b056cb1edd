package io.feedpipe.publish;

import org.jspecify.annotations.Nullable;

/**
 * Permanent for this poll result: Kafka refused one of its records for good and the record could
 * not be dead-lettered instead — the dead letter, the feed-status or the feed-state record itself,
 * or any record of a topic Kafka refuses as a whole (not authorised). Nothing of the poll was
 * committed and the feed's state did not advance; the message names the topic and the error.
 * Publishing the same poll again fails the same way until an operator fixes the topic; other
 * feeds' polls are not held up by it.
 */
public final class RecordRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordRefusedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
