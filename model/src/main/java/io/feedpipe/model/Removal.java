package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

/**
 * One piece of boilerplate normalize stripped from a story.
 *
 * @param kind what it was: {@code related-link}, {@code duplicate-lede}, {@code notice}, {@code
 *     credit}, {@code share}, {@code ad}, {@code script}, …
 * @param rule the id of the rule that removed it
 * @param text the removed text as it read
 */
public record Removal(String kind, String rule, String text) {
  public Removal {
    requireNonNull(kind, "kind");
    requireNonNull(rule, "rule");
    requireNonNull(text, "text");
  }
}
