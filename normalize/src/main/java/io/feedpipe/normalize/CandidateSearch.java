package io.feedpipe.normalize;

import java.util.regex.Matcher;

/**
 * What {@link Matcher#find} finds in a text, for a pattern whose every match starts at one of some
 * known places ({@code candidates}, increasing: where a literal every match starts with occurs, or
 * a character every match starts with): the pattern tried only there, each attempt seeing the text
 * around it as a search does (transparent bounds; {@code ^} only at the text's start) and ending by
 * {@code end} (no match ends later). Owned by one caller.
 */
final class CandidateSearch {
  private final Matcher m;
  private final CharSequence text;
  private final int[] candidates;
  private final int end;
  private final boolean atWordBoundary;
  private int next;
  private int searchFrom;

  /**
   * @param atWordBoundary whether every match starts at a {@code \b} ({@link
   *     PatternLiterals#startsAtWordBoundary}): a place between two ASCII word characters is skipped
   */
  CandidateSearch(Matcher m, CharSequence text, int[] candidates, int end, boolean atWordBoundary) {
    this.m = m.useTransparentBounds(true).useAnchoringBounds(false);
    this.text = text;
    this.candidates = candidates;
    this.end = end;
    this.atWordBoundary = atWordBoundary;
  }

  /** Finds the next match, as {@link Matcher#find} would; the matcher then holds it. */
  boolean find() {
    while (next < candidates.length) {
      int k = candidates[next++];
      if (k >= end) {
        return false;
      }
      if (k < searchFrom) {
        continue; // inside the last match: a search goes on after it
      }
      if (atWordBoundary && k > 0 && k < text.length() && isAsciiWordCharacter(text.charAt(k - 1))
          && isAsciiWordCharacter(text.charAt(k))) {
        continue; // no \b between two word characters
      }
      if (m.region(k, end).lookingAt()) {
        searchFrom = m.end() > m.start() ? m.end() : m.end() + 1;
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
