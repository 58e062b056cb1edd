package io.feedpipe.publish;

import org.jspecify.annotations.Nullable;

/**
 * Fatal: another instance started with the same {@code kafka.transactionalId} and took over; this
 * publisher can never commit again. The application stops with this message. Nothing of the
 * failed transaction was committed.
 */
public final class PublisherFencedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublisherFencedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
