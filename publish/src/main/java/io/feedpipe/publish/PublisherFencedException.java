package io.feedpipe.publish;

/**
 * Fatal: another instance started with the same {@code kafka.transactionalId} and took over; this
 * publisher can never commit again. The application stops with this message. Nothing of the
 * failed transaction was committed.
 */
public final class PublisherFencedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublisherFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
