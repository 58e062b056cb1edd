package io.feedpipe.normalize;

import java.util.Set;

/**
 * Whether a sentence reads as a headline in Title Case: at least {@code minWords} words with
 * letters, the first capitalised, and every other word either capitalised (or a number) or one of
 * the small words headlines leave lower-case ("in", "a", "for", …). Prose almost always has a
 * lower-case verb or noun somewhere, so one is enough to say no.
 */
final class TitleCase {
  private TitleCase() {}

  static boolean isHeadline(String sentence, int minWords, Set<String> smallWords) {
    int words = 0;
    int capitalised = 0;
    boolean first = true;
    int i = 0;
    int len = sentence.length();
    while (i < len) {
      while (i < len && (Character.isWhitespace(sentence.charAt(i)) || sentence.charAt(i) == '/')) {
        i++;
      }
      int start = i;
      while (i < len && !Character.isWhitespace(sentence.charAt(i)) && sentence.charAt(i) != '/') {
        i++;
      }
      if (start == i) {
        break;
      }
      String w = stripPunctuation(sentence.substring(start, i));
      if (w.isEmpty() || !hasLetter(w)) {
        continue;
      }
      words++;
      char c = w.charAt(0);
      boolean upper = Character.isUpperCase(c) || Character.isDigit(c) || Character.isTitleCase(c);
      if (first && !upper) {
        return false;
      }
      first = false;
      if (upper) {
        capitalised++;
      } else if (!smallWords.contains(w)) {
        return false;
      }
    }
    return words >= minWords && capitalised >= Math.min(words, 3);
  }

  private static boolean hasLetter(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLetter(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String stripPunctuation(String token) {
    int s = 0;
    int e = token.length();
    while (s < e && !Character.isLetterOrDigit(token.charAt(s))) {
      s++;
    }
    while (e > s && !Character.isLetterOrDigit(token.charAt(e - 1))) {
      e--;
    }
    return token.substring(s, e);
  }
}
