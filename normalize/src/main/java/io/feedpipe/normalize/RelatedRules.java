package io.feedpipe.normalize;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The compiled rules that find related-story headlines, in their three forms. */
final class RelatedRules {
  private RelatedRules() {}

  /**
   * A marker ("Also Read |", "READ MORE:", "Also see") at the start of a block or after a
   * sentence, followed by a link or a headline: marker and headline go. With {@code keywords}
   * (lower case), one of which every match of {@code marker} starts with, the pattern is tried only
   * where one starts (ignoring case).
   */
  record Marker(String id, String kind, Pattern marker, int maxHeadlineWords, List<String> keywords) {
    Marker {
      keywords = List.copyOf(keywords);
    }

    /** Whether a match of {@code marker} can start at {@code i}: no keywords, or one of them there. */
    boolean mayStartAt(String text, int i) {
      return keywords.isEmpty() || TailRules.keywordAt(text, i, keywords);
    }
  }

  /**
   * A link standing as its own sentence whose text reads as a headline (Title Case, at least
   * {@code minWords} words), pointing to the item's own site when {@code sameSite}.
   */
  record Link(String id, String kind, int minWords, boolean sameSite, Set<String> smallWords) {}

  /**
   * An unlinked Title-Case headline run into the end of a paragraph after at least one sentence
   * of prose, as LatestLY's plain text carries them.
   */
  record Headline(String id, String kind, int minWords, Set<String> smallWords) {}
}
