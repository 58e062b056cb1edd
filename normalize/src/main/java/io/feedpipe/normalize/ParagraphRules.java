package io.feedpipe.normalize;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The paragraph rules in file order, and one pattern with theirs as alternatives, which matches a
 * whole paragraph exactly when one of theirs does: a paragraph it does not match (most prose)
 * needs no rule tried one by one. The combined pattern is left out, and every rule tried, when the
 * patterns differ in flags, one has a numbered back-reference (the numbers would shift) or two
 * name the same group. Immutable.
 */
final class ParagraphRules {
  private static final Pattern NUMBERED_BACK_REFERENCE = Pattern.compile("\\\\[1-9]");

  private final List<ParagraphRule> rules;
  private final @Nullable Pattern any;
  /** The keywords of all rules, when every rule has some: a text opening with none is no rule's. */
  private final @Nullable FoldedKeywords openings;

  ParagraphRules(List<ParagraphRule> rules) {
    this.rules = List.copyOf(rules);
    this.any = combined(this.rules);
    this.openings = this.rules.stream().anyMatch(r -> r.keywords().isEmpty()) ? null
        : new FoldedKeywords(this.rules.stream().flatMap(r -> r.keywords().stream()).distinct().toList());
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
    if (openings != null && !ParagraphRule.mayOpenWith(text, openings)) {
      return Optional.empty(); // most prose: its first word is none of the rules' keywords
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
