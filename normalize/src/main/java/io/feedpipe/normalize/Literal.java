package io.feedpipe.normalize;

/**
 * A string some match of a pattern must hold, as a prefilter looks for it: {@code text} holds the
 * characters {@linkplain CaseFold#of folded} — compared with a text's characters folded alike, the
 * widest comparison any of java.util.regex's case flags makes — or, when {@code exact}, as written
 * (they came from a part of the pattern that matches case). A space in {@code text} stands for a
 * run of white space ({@code \s} without UNICODE_CHARACTER_CLASS), one or more characters long: a
 * pattern's {@code \s+} is one literal, however the text spaces its words. No literal starts or
 * ends with a space.
 */
record Literal(String text, boolean exact) {

  /** Where this literal ends when it occurs at {@code i} in {@code text} before {@code to}, or -1. */
  int endAt(CharSequence s, int i, int to) {
    int j = i;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == ' ') {
        if (j >= to || !isSpace(s.charAt(j))) {
          return -1;
        }
        do {
          j++;
        } while (j < to && isSpace(s.charAt(j)));
      } else {
        if (j >= to) {
          return -1;
        }
        char t = s.charAt(j);
        if (t != c && (exact || CaseFold.of(t) != c)) {
          return -1;
        }
        j++;
      }
    }
    return j;
  }

  /**
   * Where this literal starts when it ends at {@code end} (exclusive) in {@code s}, not before
   * {@code from}, or -1: its characters compared backwards, a run of white space taken whole.
   */
  int startBefore(CharSequence s, int end, int from) {
    int j = end;
    for (int k = text.length() - 1; k >= 0; k--) {
      char c = text.charAt(k);
      if (c == ' ') {
        if (j <= from || !isSpace(s.charAt(j - 1))) {
          return -1;
        }
        do {
          j--;
        } while (j > from && isSpace(s.charAt(j - 1)));
      } else {
        if (j <= from) {
          return -1;
        }
        char t = s.charAt(j - 1);
        if (t != c && (exact || CaseFold.of(t) != c)) {
          return -1;
        }
        j--;
      }
    }
    return j;
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS: what a space in a literal stands for a run of. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  @Override
  public String toString() {
    return (exact ? "=" : "~") + "\"" + text + "\"";
  }
}
