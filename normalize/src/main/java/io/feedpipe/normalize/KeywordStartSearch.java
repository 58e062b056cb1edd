package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The matches a search of the whole text finds ({@link Matcher#find} from the start), for a
 * pattern whose every match starts with one of some keywords: the pattern is tried only where one
 * of them starts (A–Z compared ignoring case, or in the {@linkplain CaseFold#fold folded} text),
 * seeing the whole text around it. Without keywords, an ordinary search. Immutable.
 */
final class KeywordStartSearch {
  private final Pattern pattern;
  private final List<String> keywords;
  private final KeywordWindows starts;

  KeywordStartSearch(Pattern pattern, List<String> keywords) {
    this.pattern = pattern;
    this.keywords = List.copyOf(keywords);
    this.starts = new KeywordWindows(List.of(new KeywordWindows.Rule(this.keywords, false)));
  }

  Pattern pattern() {
    return pattern;
  }

  List<String> keywords() {
    return keywords;
  }

  /**
   * Where the first match a search finds starts ({@link Matcher#find}, then {@link Matcher#start}),
   * or -1: the first place where a keyword starts in {@code folded} — the text {@linkplain
   * CaseFold#fold folded}, as a case-insensitive, Unicode-case pattern compares its characters,
   * so that "ſ" counts as an "s" there too — and the pattern matches.
   */
  int firstStart(String text, String folded) {
    return firstStart(text, keywords.isEmpty() ? List.of() : starts.of(folded).getFirst());
  }

  /**
   * {@link #firstStart(String, String)} given where the keywords start in the folded text: the
   * windows a {@link KeywordWindows} rule of these keywords gives (ignored without keywords).
   */
  int firstStart(String text, List<KeywordWindows.Window> keywordWindows) {
    Matcher m = pattern.matcher(text);
    if (keywords.isEmpty()) {
      return m.find() ? m.start() : -1;
    }
    m.useTransparentBounds(true).useAnchoringBounds(false);
    for (KeywordWindows.Window window : keywordWindows) {
      for (int k : window.keywordStarts()) {
        if (m.region(k, text.length()).lookingAt()) {
          return k;
        }
      }
    }
    return -1;
  }

  /** The matched texts, in order. */
  List<String> findAll(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    if (keywords.isEmpty()) {
      while (m.find()) {
        out.add(m.group());
      }
      return out;
    }
    // an attempt at k sees what a search sees there: the text before (transparent bounds), and
    // ^ only at the text's start (no anchoring at k)
    m.useTransparentBounds(true).useAnchoringBounds(false);
    int searchFrom = 0;
    for (KeywordWindows.Window window : starts.of(text).getFirst()) {
      for (int k : window.keywordStarts()) {
        if (k < searchFrom) {
          continue; // inside the last match: a search goes on after it
        }
        m.region(k, text.length());
        if (m.lookingAt()) {
          out.add(m.group());
          searchFrom = m.end() > m.start() ? m.end() : m.end() + 1;
        }
      }
    }
    return out;
  }
}
