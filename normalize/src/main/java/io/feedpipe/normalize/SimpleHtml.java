package io.feedpipe.normalize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Tag;
import org.jspecify.annotations.Nullable;

/**
 * The HTML many feed items carry — paragraphs and divisions holding text, links, a few inline
 * elements and scripts, every element closed in order — read into tokens without building a tree.
 * For such HTML the tree Jsoup builds is the nesting as written (no rule of HTML's tree
 * construction moves, closes or adds an element), so walking the tokens gives what walking that
 * tree gives. Anything else — another tag, an end tag out of order or missing, a comment, an
 * entity (but {@code &amp;} in an attribute), a character Jsoup treats specially, a {@code <}
 * opening no tag of these — makes {@link #tokens} return null, and the caller parses with Jsoup.
 */
final class SimpleHtml {
  private SimpleHtml() {}

  enum Kind { START, END, TEXT }

  /**
   * A start tag (its element, with attributes, and no children), an end tag (its name in
   * {@code text}) or a text run; {@code start} and {@code end} are its offsets in the HTML. A
   * {@code <br>} has no end tag; a {@code <script>} is its start tag, its content as text, and its
   * end tag. A text run is {@code clean} when {@link TextCleaner#isCleanPlainText} holds for it.
   */
  record Token(Kind kind, String text, @Nullable Element element, int start, int end, boolean clean) {
    Token(Kind kind, String text, @Nullable Element element, int start, int end) {
      this(kind, text, element, start, end, false);
    }
  }

  /** Inline elements read (besides {@code a}). */
  private static final Set<String> INLINE = Set.of("span", "strong", "em", "b", "i");
  /** The tags of the elements read, looked up once ({@code new Element(name)} looks its tag up each time). */
  private static final Map<String, Tag> TAGS = Stream.concat(INLINE.stream(), Stream.of("div", "p", "a", "br", "script"))
      .collect(Collectors.toUnmodifiableMap(name -> name, Tag::valueOf));

  /** Whether Jsoup's text() adds nothing at the element's edges: links and the inline elements read here. */
  static boolean isInline(String tag) {
    return tag.equals("a") || INLINE.contains(tag);
  }

  /** The tokens of {@code html}, or null when it is not HTML of this kind. */
  static @Nullable List<Token> tokens(String html) {
    List<Token> out = new ArrayList<>();
    Deque<String> open = new ArrayDeque<>();
    int links = 0; // open links, so that a start tag's test does not walk the open elements
    int len = html.length();
    int i = 0;
    while (i < len) {
      int lt = html.indexOf('<', i);
      int textEnd = lt < 0 ? len : lt;
      if (textEnd > i) {
        String text = html.substring(i, textEnd);
        // clean text (most runs) is plain text too: one scan tells both
        boolean clean = TextCleaner.isCleanPlainText(text);
        if (!clean && !isPlainText(html, i, textEnd)) {
          return null;
        }
        out.add(new Token(Kind.TEXT, text, null, i, textEnd, clean));
      }
      if (lt < 0) {
        break;
      }
      if (lt + 1 < len && html.charAt(lt + 1) == '/') {
        int gt = html.indexOf('>', lt + 2);
        if (gt < 0 || open.isEmpty() || !html.startsWith(open.peek(), lt + 2) || gt != lt + 2 + open.peek().length()) {
          return null; // an end tag closing anything but the innermost open element
        }
        String closed = open.pop();
        links -= closed.equals("a") ? 1 : 0;
        out.add(new Token(Kind.END, closed, null, lt, gt + 1));
        i = gt + 1;
        continue;
      }
      int nameEnd = lt + 1;
      while (nameEnd < len && (isLowerLetter(html.charAt(nameEnd)) || (nameEnd > lt + 1 && isDigit(html.charAt(nameEnd))))) {
        nameEnd++;
      }
      String name = html.substring(lt + 1, nameEnd);
      if (!allowedIn(name, open.peek(), links > 0)) {
        return null;
      }
      Element element = new Element(TAGS.get(name), "");
      int tagEnd = attributes(html, nameEnd, element, name.equals("br"));
      if (tagEnd < 0) {
        return null;
      }
      out.add(new Token(Kind.START, name, element, lt, tagEnd));
      i = tagEnd;
      if (name.equals("br")) {
        continue; // void: no content, no end tag
      }
      if (name.equals("script")) {
        // script data runs to the first "</script"; with no "<" in it, nothing else can end it
        int close = html.indexOf('<', i);
        if (close < 0 || !html.startsWith("</script>", close) || !isPlainData(html, i, close)) {
          return null;
        }
        out.add(new Token(Kind.TEXT, html.substring(i, close), null, i, close));
        out.add(new Token(Kind.END, name, null, close, close + "</script>".length()));
        i = close + "</script>".length();
        continue;
      }
      open.push(name);
      links += name.equals("a") ? 1 : 0;
    }
    return open.isEmpty() ? out : null;
  }

  /**
   * Whether a start tag {@code name} may stand in {@code parent} (null for the body) without
   * any rule of tree construction applying: paragraphs and divisions only in the body or a
   * division (a paragraph is never open then, so none is closed), links not inside a link
   * (no adoption agency), inline elements, line breaks and scripts anywhere but never around blocks.
   */
  private static boolean allowedIn(String name, @Nullable String parent, boolean inLink) {
    boolean inBlockContainer = parent == null || parent.equals("div");
    return switch (name) {
      case "div", "p" -> inBlockContainer;
      case "a" -> !inLink;
      case "br", "script" -> true;
      default -> INLINE.contains(name);
    };
  }

  /**
   * Reads the attributes from {@code from} (just after the tag name) to the tag's {@code >} into
   * {@code element}; returns the offset after the tag, or -1 unless every attribute is
   * {@code name="value"} (lower-case name, not repeated; no entity in the value but {@code &amp;}).
   * Only a void element may close with {@code />}.
   */
  private static int attributes(String html, int from, Element element, boolean isVoid) {
    int len = html.length();
    int i = from;
    while (i < len) {
      char c = html.charAt(i);
      if (c == '>') {
        return i + 1;
      }
      if (c == '/') {
        return isVoid && i + 1 < len && html.charAt(i + 1) == '>' ? i + 2 : -1;
      }
      if (!isTagSpace(c)) {
        return -1; // after the name or a value: white space, ">" or "/>"
      }
      while (i < len && isTagSpace(html.charAt(i))) {
        i++;
      }
      if (i >= len || html.charAt(i) == '>' || html.charAt(i) == '/') {
        continue;
      }
      int nameStart = i;
      while (i < len && (isLowerLetter(html.charAt(i)) || (i > nameStart && (isDigit(html.charAt(i)) || html.charAt(i) == '-')))) {
        i++;
      }
      if (i == nameStart || !html.startsWith("=\"", i)) {
        return -1;
      }
      String name = html.substring(nameStart, i);
      int valueStart = i + 2;
      int valueEnd = html.indexOf('"', valueStart);
      String value = valueEnd < 0 || element.hasAttr(name) ? null : attributeValue(html, valueStart, valueEnd);
      if (value == null) {
        return -1;
      }
      element.attr(name, value);
      i = valueEnd + 1;
    }
    return -1;
  }

  /** White space between attributes, as read here (and as Jsoup's text() trims it). */
  static boolean isTagSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t';
  }

  /** The value between the quotes with {@code &amp;} decoded, or null when it holds another entity or a character Jsoup changes. */
  private static @Nullable String attributeValue(String html, int from, int to) {
    StringBuilder sb = null;
    int plain = from;
    for (int i = from; i < to; i++) {
      char c = html.charAt(i);
      if (c == '&') {
        if (!html.startsWith("&amp;", i) || i + 5 > to) {
          return null;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(html, plain, i).append('&');
        i += 4;
        plain = i + 1;
      } else if (isSpecial(c)) {
        return null;
      }
    }
    return sb == null ? html.substring(from, to) : sb.append(html, plain, to).toString();
  }

  /**
   * Text Jsoup hands over as it is: no entity, no carriage return, control character or surrogate
   * (and no "<", which ends a run).
   */
  private static boolean isPlainText(String html, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = html.charAt(i);
      if (c == '&' || isSpecial(c)) {
        return false;
      }
    }
    return true;
  }

  /** Script content Jsoup keeps as it is (no "<", so no escape states). */
  private static boolean isPlainData(String html, int from, int to) {
    for (int i = from; i < to; i++) {
      if (isSpecial(html.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Characters the tokenizer replaces or normalizes: controls but tab and newline, carriage return, surrogates. */
  private static boolean isSpecial(char c) {
    return (c < ' ' && c != '\n' && c != '\t') || c == '\u007F' || Character.isSurrogate(c);
  }

  private static boolean isLowerLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
