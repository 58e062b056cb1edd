package io.feedpipe.normalize;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How notices and credits name news agencies: the agency names found in a text, and whether a
 * credit that names none still speaks of agencies ("With inputs from agencies"). Immutable.
 */
final class Agencies {
  /** A credit to unnamed agencies ("With inputs from agencies") still says the copy is syndicated. */
  private static final Pattern AGENCIES_WORD = Pattern.compile("\\bagenc(?:y|ies)\\b", Pattern.CASE_INSENSITIVE);

  private final Optional<KeywordStartSearch> names;

  Agencies(Optional<KeywordStartSearch> names) {
    this.names = names;
  }

  Optional<KeywordStartSearch> names() {
    return names;
  }

  /** The agency names in {@code text}, in order. */
  List<String> namedIn(String text) {
    return names.map(a -> a.findAll(text)).orElse(List.of());
  }

  /** Whether {@code text} speaks of agencies without naming one. */
  boolean unnamedIn(String text) {
    return AGENCIES_WORD.matcher(text).find();
  }
}
