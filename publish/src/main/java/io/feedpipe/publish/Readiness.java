package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

/**
 * Whether the publisher can commit now.
 *
 * @param ready true when the last transaction (or the start) succeeded
 * @param reason {@code "ok"} when ready, else why not (broker unavailable since…, fenced, closed)
 */
public record Readiness(boolean ready, String reason) {
  public Readiness {
    requireNonNull(reason, "reason");
  }

  static Readiness ok() {
    return new Readiness(true, "ok");
  }

  static Readiness notReady(String reason) {
    return new Readiness(false, reason);
  }
}
