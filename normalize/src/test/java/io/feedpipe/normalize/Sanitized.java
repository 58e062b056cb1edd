package io.feedpipe.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Cleaning with the story safelist again, printed the way normalize prints. */
final class Sanitized {
  private Sanitized() {}

  static String cleanAgain(String html) {
    return Jsoup.clean(html, "", StoryHtml.SAFELIST, new Document.OutputSettings().prettyPrint(false));
  }
}
