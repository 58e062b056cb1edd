package io.feedpipe.normalize;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Drops a block whose whole text matches, if it is short enough to be furniture rather than prose.
 * With {@code keywords} (lower case): every match, after leading characters other than ASCII
 * letters, digits and underscores (what {@code \W*} takes), starts with one of them, ignoring case.
 */
record ParagraphRule(String id, String kind, Pattern pattern, int maxWords, List<String> keywords) {
  ParagraphRule {
    keywords = List.copyOf(keywords);
  }

  /**
   * Whether a whole-text match can start with one of {@code keywords} ({@linkplain
   * CaseFold#keywordAt compared} as the pattern compares): one of them at the start or after
   * some of the leading non-word characters — a non-word character such as "ſ" may itself open a
   * keyword's match, so every place up to the first word character is tried.
   */
  static boolean mayOpenWith(String text, FoldedKeywords keywords) {
    for (int i = 0; i < text.length(); i++) {
      if (keywords.startAt(text, i)) {
        return true;
      }
      if (isAsciiWordCharacter(text.charAt(i))) {
        return false; // \W* stops before this character: no match starts later
      }
    }
    return false;
  }

  private static boolean isAsciiWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
