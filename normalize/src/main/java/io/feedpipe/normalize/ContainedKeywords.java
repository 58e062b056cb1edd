package io.feedpipe.normalize;

import java.util.List;
import java.util.Locale;

/**
 * A speed bound of credit and dateline rules: strings one of which every match of the rule's
 * pattern contains, so that the pattern runs only on text holding one. Compared ignoring case
 * (held in lower case, looked for in the {@linkplain CaseFold#fold folded} text) or, with
 * {@code matchCase}, as written (for a pattern that matches case). No keywords: no bound.
 */
record ContainedKeywords(List<String> keywords, boolean matchCase) {
  ContainedKeywords {
    keywords = List.copyOf(keywords);
  }

  /** The rule's {@code keywords} and {@code keywordsMatchCase} fields. */
  static ContainedKeywords of(RuleSpec spec) {
    boolean matchCase = spec.bool("keywordsMatchCase", false);
    return new ContainedKeywords(
        spec.strings("keywords").stream().map(k -> matchCase ? k : k.toLowerCase(Locale.ROOT)).toList(), matchCase);
  }

  /** Whether {@link #mayMatchIn} reads the folded text. */
  boolean needsFolded() {
    return !keywords.isEmpty() && !matchCase;
  }

  /** Whether the pattern can match in {@code text}: no keywords, or one of them in it. */
  boolean mayMatchIn(String text, String folded) {
    if (keywords.isEmpty()) {
      return true;
    }
    String in = matchCase ? text : folded;
    for (String k : keywords) {
      // a one-character keyword by indexOf(char): a quarter of contains' cost (the digits, brackets, dashes)
      if (k.length() == 1 ? in.indexOf(k.charAt(0)) >= 0 : in.contains(k)) {
        return true;
      }
    }
    return false;
  }
}
