package io.feedpipe.ingest;

import io.feedpipe.model.PollOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** How one fetch ended. A 304 and an error are values, not exceptions. */
sealed interface FetchOutcome {

  /** Where the feed lives from now on, when every redirect on the way was permanent (301/308). */
  Optional<URI> movedTo();

  long bytesRead();

  /**
   * A body arrived.
   *
   * @param freshFor how long the response may be cached ({@code Cache-Control: max-age} or {@code
   *     Expires}), a lower bound of the next interval
   */
  record Fetched(
      byte[] body,
      Optional<String> contentType,
      URI finalUrl,
      Optional<URI> movedTo,
      Optional<String> etag,
      Optional<String> lastModified,
      Optional<Duration> freshFor,
      int httpStatus) implements FetchOutcome {
    @Override
    public long bytesRead() {
      return body.length;
    }
  }

  /** 304 Not Modified. */
  record NotModified(
      Optional<URI> movedTo, Optional<String> etag, Optional<String> lastModified, Optional<Duration> freshFor)
      implements FetchOutcome {
    @Override
    public long bytesRead() {
      return 0;
    }
  }

  /**
   * The fetch failed.
   *
   * @param outcome the poll outcome it maps to
   * @param errorKind machine-readable kind: {@code timeout}, {@code too-large}, {@code refused},
   *     {@code http-status}, {@code redirect}, {@code dns}, {@code io}, {@code gone}, {@code credentials}
   *     (a private feed's secret could not be read, so nothing was fetched)
   * @param message what happened, naming the URL and the limit or rule
   * @param retryAfter the server's {@code Retry-After}, when it sent one
   * @param gone whether the server said 410 Gone
   */
  record Failed(
      PollOutcome outcome,
      String errorKind,
      String message,
      Optional<Integer> httpStatus,
      Optional<Duration> retryAfter,
      Optional<URI> movedTo,
      boolean gone,
      long bytesRead) implements FetchOutcome {

    static Failed of(PollOutcome outcome, String kind, String message) {
      return new Failed(outcome, kind, message, Optional.empty(), Optional.empty(), Optional.empty(), false, 0);
    }
  }
}
