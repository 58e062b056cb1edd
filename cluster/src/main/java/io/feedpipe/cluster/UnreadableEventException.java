package io.feedpipe.cluster;

/**
 * An event on the stories topic that the stage cannot read as a story event. The stage skips it,
 * logs where it was (topic, partition, offset) and why, and counts it; the event itself stays on
 * the stories topic.
 */
final class UnreadableEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreadableEventException(String message) {
    super(message);
  }

  UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
