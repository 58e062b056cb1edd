package io.feedpipe.normalize;

import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Writes the surviving blocks as HTML: one element per block (consecutive list items share one
 * {@code <ul>}), links as {@code <a href rel="nofollow">}, text escaped, no whitespace added. The
 * output is what a Jsoup {@link Cleaner} with {@link #SAFELIST} prints for the same nodes (a test
 * holds the two equal), written directly: every tag written is in the safelist, and each link's
 * href passes the safelist's own check. Cleaning the result again with the same safelist changes
 * nothing.
 */
final class StoryHtml {
  /** Jsoup's basic safelist plus h2–h6, links restricted to http, https and mailto. */
  static final Safelist SAFELIST = Safelist.basic()
      .addTags("h2", "h3", "h4", "h5", "h6")
      .removeProtocols("a", "href", "ftp");

  private StoryHtml() {}

  static String of(List<Block> blocks) {
    StringBuilder out = new StringBuilder();
    boolean inList = false;
    for (Block b : blocks) {
      boolean item = b.tag().equals("li");
      if (item && !inList) {
        out.append("<ul>");
      } else if (!item && inList) {
        out.append("</ul>");
      }
      inList = item;
      out.append('<').append(b.tag()).append('>');
      for (Span s : b.spans()) {
        if (s.href().isPresent()) {
          out.append("<a");
          safeHref(s.href().get()).ifPresent(href -> escape(out.append(" href=\""), href, true).append('"'));
          out.append(" rel=\"nofollow\">");
          escape(out, s.text(), false).append("</a>");
        } else {
          escape(out, s.text(), false);
        }
      }
      out.append("</").append(b.tag()).append('>');
    }
    if (inList) {
      out.append("</ul>");
    }
    return out.toString();
  }

  /** The href as the safelist keeps it (made absolute, protocol checked), or empty when it drops it. */
  private static Optional<String> safeHref(String href) {
    Element a = new Element("a");
    a.attr("href", href);
    Attribute attribute = a.attribute("href");
    if (attribute == null || !SAFELIST.isSafeAttribute("a", a, attribute)) {
      return Optional.empty();
    }
    // the Cleaner keeps links absolute (the safelist does not preserve relative links)
    String absolute = a.absUrl("href");
    return Optional.of(absolute.isEmpty() ? attribute.getValue() : absolute);
  }

  /** Escapes as Jsoup's base escape mode does for UTF-8 output: markup characters, no-break space, unencodable units. */
  private static StringBuilder escape(StringBuilder out, String s, boolean attribute) {
    if (isPlain(s, attribute)) {
      return out.append(s); // most text: nothing to escape, one copy
    }
    int plain = 0; // start of the run of characters written as they are
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = switch (c) {
        case '&' -> "&amp;";
        case '\u00A0' -> "&nbsp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> attribute ? "&quot;" : null;
        default -> Character.isSurrogate(c) && !pairedAt(s, i) ? "&#x" + Integer.toHexString(c) + ";" : null;
      };
      if (Character.isHighSurrogate(c) && pairedAt(s, i)) {
        i++; // a whole supplementary character stays in the run
      } else if (escaped != null) {
        out.append(s, plain, i).append(escaped);
        plain = i + 1;
      }
    }
    return out.append(s, plain, s.length());
  }

  /**
   * Whether no character of {@code s} needs escaping: none of {@code & < >}, no {@code "} in an
   * attribute, no no-break space and no surrogate (a paired one is written as it is, but the loop
   * above tells paired from lone).
   */
  private static boolean isPlain(String s, boolean attribute) {
    // String.indexOf runs vectorized: five searches and a loop testing one range beat one loop testing all
    if (s.indexOf('&') >= 0 || s.indexOf('<') >= 0 || s.indexOf('>') >= 0 || s.indexOf('\u00A0') >= 0
        || (attribute && s.indexOf('"') >= 0)) {
      return false;
    }
    // a loop over a copy: String.charAt on a Latin-1 string costs about three times as much per character
    for (char c : s.toCharArray()) {
      if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the surrogate at {@code i} is the high half of a valid pair. */
  private static boolean pairedAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
