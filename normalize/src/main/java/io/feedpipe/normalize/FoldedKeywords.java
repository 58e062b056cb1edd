package io.feedpipe.normalize;

import java.util.List;

/**
 * Keywords held {@linkplain CaseFold#fold folded}, with the pairs of ASCII characters one of them
 * can start with as {@link CaseFold#keywordAt} compares: {@code regionMatches} ignoring case takes
 * two characters as equal only when their folded cases are, so where the first two characters are
 * ASCII and no keyword opens with their folded cases (most places a prose paragraph opens) none
 * starts, told by one look-up instead of a comparison per keyword. Immutable.
 */
final class FoldedKeywords {
  private static final int ASCII = 128;

  private final List<String> keywords;
  /** Indexed {@code first * 128 + second}: whether a keyword may start with these two characters. */
  private final boolean[] mayOpenWith = new boolean[ASCII * ASCII];

  FoldedKeywords(List<String> keywords) {
    this.keywords = List.copyOf(keywords);
    for (String k : this.keywords) {
      for (int first = 0; first < ASCII; first++) {
        if (!k.isEmpty() && CaseFold.of(first) != CaseFold.of(k.charAt(0))) {
          continue;
        }
        for (int second = 0; second < ASCII; second++) {
          if (k.length() < 2 || CaseFold.of(second) == CaseFold.of(k.charAt(1))) {
            mayOpenWith[first * ASCII + second] = true;
          }
        }
      }
    }
  }

  /** {@link CaseFold#keywordAt}{@code (text, i, keywords)}. */
  boolean startAt(String text, int i) {
    if (i >= 0 && i + 1 < text.length()) {
      char first = text.charAt(i);
      char second = text.charAt(i + 1);
      if (first < ASCII && second < ASCII && !mayOpenWith[first * ASCII + second]) {
        return false;
      }
    }
    return CaseFold.keywordAt(text, i, keywords);
  }
}
