package io.feedpipe.normalize;

import java.util.Set;
import java.util.regex.Pattern;

/** The compiled rules that find related-story headlines, in their three forms. */
final class RelatedRules {
  private RelatedRules() {}

  /**
   * A marker ("Also Read |", "READ MORE:", "Also see") at the start of a block or after a
   * sentence, followed by a link or a headline: marker and headline go.
   */
  record Marker(String id, String kind, Pattern marker, int maxHeadlineWords) {}

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
