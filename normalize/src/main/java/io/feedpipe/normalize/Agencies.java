package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How notices and credits name news agencies, by the rule of type {@code agencies}: {@code name}
 * finds each agency name in a text, and a credit that names none still speaks of agencies when
 * {@code unnamed} matches it ("With inputs from agencies"). Without such a rule, none. Immutable.
 */
final class Agencies {
  private final Optional<Pattern> names;
  private final Optional<Pattern> unnamed;
  /** What every match of {@code names} starts with: it is tried only where that starts. */
  private final Keywords nameStarts;
  private final boolean atWordBoundary;

  Agencies(Optional<Pattern> names, Optional<Pattern> unnamed, PatternLiterals.Source literalsOf) {
    this.names = names;
    this.unnamed = unnamed;
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

  /** The rule of type {@code agencies}: its patterns {@code name} (matching case) and {@code unnamed} (ignoring case). */
  static Agencies of(RuleSpec s, java.util.Map<String, List<String>> terms, PatternLiterals.Source literalsOf) {
    return new Agencies(Optional.of(s.pattern("name", terms, 0)), Optional.of(s.pattern("unnamed", terms, RuleSpec.IGNORE_CASE)),
        literalsOf);
  }

  /** Whether {@code text} speaks of agencies without naming one. */
  boolean unnamedIn(String text) {
    return unnamed.isPresent() && unnamed.get().matcher(text).find();
  }
}
