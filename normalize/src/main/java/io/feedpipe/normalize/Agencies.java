package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How notices and credits name news agencies: the agency names found in a text, and whether a
 * credit that names none still speaks of agencies ("With inputs from agencies"). Immutable.
 */
final class Agencies {
  /** A credit to unnamed agencies ("With inputs from agencies") still says the copy is syndicated. */
  private static final Pattern AGENCIES_WORD = Pattern.compile("\\bagenc(?:y|ies)\\b", Pattern.CASE_INSENSITIVE);

  private final Optional<Pattern> names;
  /** What every match of {@code names} starts with: it is tried only where that starts. */
  private final Keywords nameStarts;
  private final boolean atWordBoundary;

  Agencies(Optional<Pattern> names, PatternLiterals.Source literalsOf) {
    this.names = names;
    Optional<PatternLiterals> literals = names.map(literalsOf::of);
    this.nameStarts = Keywords.of(literals.flatMap(PatternLiterals::starts));
    this.atWordBoundary = literals.map(PatternLiterals::startsAtWordBoundary).orElse(false);
  }

  Optional<Pattern> names() {
    return names;
  }

  /** The agency names in {@code text}, in order: what a search for {@code names} finds. */
  List<String> namedIn(String text) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Matcher m = names.get().matcher(text);
    if (!nameStarts.gated(0)) {
      while (m.find()) {
        out.add(m.group());
      }
      return out;
    }
    CandidateSearch search = new CandidateSearch(m, text, nameStarts.scan(text).starts(0), text.length(), atWordBoundary);
    while (search.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Whether {@code text} speaks of agencies without naming one. */
  boolean unnamedIn(String text) {
    return AGENCIES_WORD.matcher(text).find();
  }
}
