package io.feedpipe.publish;

/**
 * Kafka could not take the transaction now (unreachable, timed out, or the transaction failed and
 * was aborted). Retriable: nothing of this poll result was committed and the feed's state did not
 * advance, so the caller pauses and later publishes the same poll result again (or a newer poll of
 * the same feed).
 */
public final class BrokerUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
