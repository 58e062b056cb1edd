package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits block text into sentences: a sentence ends at {@code . ! ?} (plus closing quotes or
 * brackets) followed by a space and a capital, digit, quote or bracket, unless the word before the
 * stop is a known abbreviation or a single capital (an initial).
 */
final class Sentences {
  private static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "sgt", "capt", "cmdr", "gov",
      "sen", "rep", "prof", "rev", "hon", "pres", "supt", "insp", "no", "nos", "vs", "v", "etc",
      "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "vol", "u.s", "u.k",
      "u.n", "e.g", "i.e", "a.m", "p.m", "smt", "shri", "adv", "maj", "brig", "adm");

  private static final int LONGEST = ABBREVIATIONS.stream().mapToInt(String::length).max().orElse(0);

  private Sentences() {}

  /** A sentence's range in the text, end exclusive, trailing space excluded. */
  record Range(int start, int end) {}

  static List<Range> split(String text) {
    List<Range> out = new ArrayList<>();
    int start = 0;
    int len = text.length();
    int i = 0;
    // the next '.', '!' and '?' at or after i, found by String.indexOf (a vectorised scan); -1 past the last
    int dot = text.indexOf('.');
    int bang = text.indexOf('!');
    int question = text.indexOf('?');
    while (i < len) {
      if (dot >= 0 && dot < i) {
        dot = text.indexOf('.', i);
      }
      if (bang >= 0 && bang < i) {
        bang = text.indexOf('!', i);
      }
      if (question >= 0 && question < i) {
        question = text.indexOf('?', i);
      }
      int stop = Math.min(dot < 0 ? len : dot, Math.min(bang < 0 ? len : bang, question < 0 ? len : question));
      if (stop >= len) {
        break;
      }
      i = stop;
      char c = text.charAt(i);
      int end = i + 1;
      while (end < len && (text.charAt(end) == '.' || text.charAt(end) == '!' || text.charAt(end) == '?' || isCloser(text.charAt(end)))) {
        end++;
      }
      if (end < len && text.charAt(end) == ' ' && end + 1 < len && startsSentence(text.charAt(end + 1))
          && !(c == '.' && isAbbreviation(text, i))) {
        out.add(new Range(start, end));
        start = end + 1;
        i = start;
      } else {
        i = end;
      }
    }
    if (start < len) {
      out.add(new Range(start, len));
    }
    return out;
  }

  /**
   * Whether {@code s} up to {@code end}, trailing white space aside, is empty or ends with a
   * sentence stop or closer.
   */
  static boolean endsSentence(String s, int end) {
    int i = end - 1;
    while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
      i--;
    }
    if (i < 0) {
      return true;
    }
    char c = s.charAt(i);
    return c == '.' || c == '!' || c == '?' || c == '"' || c == '”' || c == '’' || c == '\'' || c == ')' || c == ']';
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '”' || c == '’' || c == '\'' || c == ')' || c == ']' || c == '»';
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || c == '"' || c == '“' || c == '‘' || c == '(' || c == '[' || c == '«' || c == '\'';
  }

  private static boolean isAbbreviation(String text, int dot) {
    int s = dot;
    while (s > 0 && (Character.isLetter(text.charAt(s - 1)) || text.charAt(s - 1) == '.')) {
      s--;
    }
    if (dot - s == 1 && Character.isUpperCase(text.charAt(s))) {
      return true; // an initial: "J. K. Rowling"
    }
    // no abbreviation is longer than LONGEST (and lower-casing never shortens a word)
    return dot - s <= LONGEST && ABBREVIATIONS.contains(text.substring(s, dot).toLowerCase(Locale.ROOT));
  }
}
