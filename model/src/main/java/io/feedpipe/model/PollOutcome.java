package io.feedpipe.model;

import java.util.Locale;

/** How one poll of a feed ended. */
public enum PollOutcome {
  /** 200 and the feed was read. */
  OK,
  /** 304: nothing changed since the last poll. */
  NOT_MODIFIED,
  /** The server answered with an error status. */
  HTTP_ERROR,
  /** Connect, read or deadline time-out, DNS failure, reset, body too large. */
  NETWORK_ERROR,
  /** The body arrived but could not be read as a feed (XML, charset, format). */
  PARSE_ERROR,
  /** The address guard or the scheme check refused the URL. */
  REFUSED;

  /** The lower-case name used in metrics tags and JSON: {@code not_modified}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
