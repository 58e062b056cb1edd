package io.feedpipe.normalize;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The paragraph rules in file order, and one pattern with theirs as alternatives, which matches a
 * whole paragraph exactly when one of theirs does: a paragraph it does not match (most prose)
 * needs no rule tried one by one. The combined pattern is left out, and every rule tried, when the
 * patterns differ in flags, one has a numbered back-reference (the numbers would shift) or two
 * name the same group. Before either, a paragraph must open (behind characters the patterns let
 * a match open with, such as {@code \W*}) with one of the literals the patterns start with
 * ({@link PatternLiterals#openings}): most prose opens with none. Immutable.
 */
final class ParagraphRules {
  private static final Pattern NUMBERED_BACK_REFERENCE = Pattern.compile("\\\\[1-9]");

  private final List<ParagraphRule> rules;
  private final @Nullable Pattern any;
  /** The literals every rule's matches open with, when every rule's are known: a text opening with none is no rule's. */
  private final @Nullable Keywords openings;
  /** What a match may open with before those literals. */
  private final CharSet skipped;

  ParagraphRules(List<ParagraphRule> rules) {
    this(rules, PatternLiterals.Source.READ);
  }

  ParagraphRules(List<ParagraphRule> rules, PatternLiterals.Source literalsOf) {
    this.rules = List.copyOf(rules);
    this.any = combined(this.rules);
    Set<Literal> literals = new LinkedHashSet<>();
    CharSet skip = CharSet.NONE;
    boolean known = !this.rules.isEmpty();
    for (ParagraphRule r : this.rules) {
      Optional<PatternLiterals.Openings> o = literalsOf.of(r.pattern()).openings();
      known &= o.isPresent();
      if (o.isPresent()) {
        literals.addAll(o.get().literals());
        skip = skip.union(o.get().skipped());
      }
    }
    this.openings = known ? Keywords.of(Optional.of(literals)) : null;
    this.skipped = skip;
  }

  List<ParagraphRule> list() {
    return rules;
  }

  /** Whether the rules are first tried together. */
  boolean combined() {
    return any != null;
  }

  /** Matchers for {@link #firstRemoving}, reused from one text to the next by one caller. */
  @Nullable Matcher[] newMatchers() {
    return new Matcher[rules.size() + 1];
  }

  /** The first rule whose pattern matches the whole text and whose word limit the text keeps, if any. */
  Optional<ParagraphRule> firstRemoving(String text, @Nullable Matcher[] matchers) {
    if (openings != null && !mayOpen(text, openings)) {
      return Optional.empty(); // most prose: it opens with none of the rules' literals
    }
    if (any != null && !matcher(matchers, rules.size(), any, text).matches()) {
      return Optional.empty();
    }
    for (int r = 0; r < rules.size(); r++) {
      ParagraphRule rule = rules.get(r);
      // a whole-paragraph pattern fails within a few characters on prose; words are counted only
      // for a paragraph that reads as furniture
      if (matcher(matchers, r, rule.pattern(), text).matches() && Words.countUpTo(text, rule.maxWords() + 1) <= rule.maxWords()) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** Whether one of the literals starts at the text's start or behind some characters a match may open with. */
  private boolean mayOpen(String text, Keywords literals) {
    for (int i = 0; i < text.length(); i++) {
      if (literals.startsAt(0, text, i)) {
        return true;
      }
      if (!skipped.contains(text.charAt(i))) {
        return false; // no match opens further in
      }
    }
    return false;
  }

  private static Matcher matcher(@Nullable Matcher[] matchers, int i, Pattern p, String text) {
    Matcher m = matchers[i];
    return m == null ? (matchers[i] = p.matcher(text)) : m.reset(text);
  }

  private static @Nullable Pattern combined(List<ParagraphRule> rules) {
    if (rules.size() < 2) {
      return null;
    }
    int flags = rules.getFirst().pattern().flags();
    StringBuilder alternatives = new StringBuilder();
    for (ParagraphRule r : rules) {
      String p = r.pattern().pattern();
      if (r.pattern().flags() != flags || NUMBERED_BACK_REFERENCE.matcher(p).find()) {
        return null;
      }
      alternatives.append(alternatives.isEmpty() ? "" : "|").append("(?:").append(p).append(')');
    }
    try {
      return Pattern.compile(alternatives.toString(), flags);
    } catch (PatternSyntaxException twoRulesNameOneGroup) {
      return null;
    }
  }
}
