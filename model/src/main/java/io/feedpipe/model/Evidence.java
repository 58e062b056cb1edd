package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

/**
 * A text that decided a provenance flag, and the rule that matched it (as {@code removed[]} names
 * the rule of each removal).
 *
 * @param rule the id of the rule that matched, e.g. {@code notice-unedited}
 * @param text the exact text it matched
 */
public record Evidence(String rule, String text) {
  public Evidence {
    requireNonNull(rule, "rule");
    requireNonNull(text, "text");
  }

  /** {@code "rule: text"}, as tests and logs show it. */
  @Override
  public String toString() {
    return rule + ": " + text;
  }
}
