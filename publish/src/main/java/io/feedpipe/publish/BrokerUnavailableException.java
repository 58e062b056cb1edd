package io.feedpipe.publish;

/**
 * Kafka could not take the transaction now (unreachable, timed out, or the transaction failed).
 * Retriable: the caller pauses and later publishes the same poll result again (or a newer poll of
 * the same feed). Usually nothing of the poll was committed. When the commit call itself failed
 * the outcome is unknown — it may have landed — so the publisher re-reads the committed feed
 * states from Kafka before its next transaction; a retried poll is judged against them and never
 * publishes a story twice.
 */
public final class BrokerUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
