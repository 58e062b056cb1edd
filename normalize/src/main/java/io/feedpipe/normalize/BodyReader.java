package io.feedpipe.normalize;

import io.feedpipe.model.Removal;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * Reads a body, HTML or plain text, into blocks. Plain text (no tags) is one paragraph per
 * non-blank line. HTML is parsed once with Jsoup and walked iteratively (no recursion, so nesting
 * depth is no risk); element rules drop furniture on the way, links are kept only when they
 * resolve to http, https or mailto. Escaped markup found in text (feeds that escape their HTML
 * twice) is read as HTML again, at most {@value #MAX_NESTED_MARKUP} levels deep.
 */
final class BodyReader {
  /** How many times escaped markup inside text is itself read as HTML. */
  static final int MAX_NESTED_MARKUP = 2;
  /** Bound on tag-like sequences cut out of one block's text. */
  static final int MAX_TAG_CUTS = 100;
  /** Removed script or element text is recorded up to this many characters. */
  static final int MAX_RECORDED_CHARS = 300;

  // a tag spans no blank line: plain text is one paragraph per line, and "<Also Read |" ending one
  // paragraph with ">" opening a later one is text, not a tag (so normalizing the output again
  // reads it the same way)
  static final Pattern HAS_TAG = Pattern.compile(
      "<(?:/?[a-zA-Z][a-zA-Z0-9:-]*(?:(?:[ \\t\\r\\f]|\\n(?![ \\t\\r]*\\n))(?:[^<>\\n]|\\n(?![ \\t\\r]*\\n))*)?/?>|!--)");
  /** A "<" and what follows it up to the next ">" or "<": cut at the nesting limit. */
  private static final Pattern TAG_OR_BRACKET = Pattern.compile("<[^<>]*>?");
  static final Pattern HAS_BLOCK_TAG = Pattern.compile(
      "<(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|table|tr|section|article)\\b", Pattern.CASE_INSENSITIVE);
  /** A string both {@link #HAS_TAG} and {@link #HAS_BLOCK_TAG} find. */
  static final String PARAGRAPH_TAG = "<p>";
  private static final Set<String> BLOCK_TAGS = Set.of(
      "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address",
      "center", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption", "dd", "dt", "dl",
      "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
      "pre", "hr", "body", "details", "summary", "fieldset", "legend", "menu", "hgroup");

  private final ElementRules elementRules;
  private final LinkResolver links;

  private final List<Block> blocks = new ArrayList<>();
  private final List<Body.Placed> removals = new ArrayList<>();
  private final BlockBuilder builder = new BlockBuilder();
  private final Deque<String> blockTags = new ArrayDeque<>();
  private final Deque<Optional<String>> hrefs = new ArrayDeque<>();

  BodyReader(ElementRules elementRules, Optional<URI> base) {
    this.elementRules = elementRules;
    this.links = new LinkResolver(base);
  }

  /** Reads {@code body} into a fresh {@link Body}. */
  Body read(String body) {
    // "<p>" is a tag and a block tag: most HTML bodies hold one and need neither search
    boolean paragraphTag = body.contains(PARAGRAPH_TAG);
    if (!paragraphTag && !HAS_TAG.matcher(body).find()) {
      String decoded = TextCleaner.repair(body);
      if (HAS_TAG.matcher(decoded).find()) {
        readHtml(newlinesAsBreaks(decoded), 1);
      } else {
        readPlain(body);
      }
    } else {
      readHtml(paragraphTag || HAS_BLOCK_TAG.matcher(body).find() ? body : newlinesAsBreaks(body), 0);
    }
    breakBlock();
    return new Body(blocks, removals);
  }

  private static String newlinesAsBreaks(String html) {
    return html.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "<br>");
  }

  private void readPlain(String text) {
    for (String line : text.split("\\R")) {
      appendText(line, 1);
      breakBlock();
    }
  }

  private void readHtml(String html, int depth) {
    if (elementRules.local()) {
      List<SimpleHtml.Token> tokens = SimpleHtml.tokens(html);
      if (tokens != null) {
        readTokens(html, tokens, depth);
        return;
      }
    }
    org.jsoup.nodes.Document doc = Jsoup.parseBodyFragment(html);
    doc.body().filter(new Walker(depth, doc));
  }

  /**
   * Reads {@link SimpleHtml} tokens as the walk reads the tree Jsoup would build from them (their
   * nesting as written): the body's element opens and closes around them, each element is entered
   * and left, text appended. Element rules are local (see {@link ElementRules#local}), so an
   * element alone decides them; a dropped element's text is read from its tokens (see
   * {@link #describe(String, List, int, int)}).
   */
  private void readTokens(String html, List<SimpleHtml.Token> tokens, int depth) {
    Element body = new Element("body");
    enter(body, body, () -> "");
    for (int t = 0; t < tokens.size(); t++) {
      SimpleHtml.Token token = tokens.get(t);
      switch (token.kind()) {
        case TEXT -> {
          if (token.clean()) {
            builder.appendPlainUnchecked(token.text()); // what appendText does with clean text
          } else {
            appendText(token.text(), depth);
          }
        }
        case END -> leave(token.text());
        case START -> {
          Element e = java.util.Objects.requireNonNull(token.element());
          int first = t;
          // where the element ends is looked for only when it is dropped or skipped: every
          // element, looking, would make deep nesting quadratic
          if (!enter(e, e, () -> describe(html, tokens, first, lastOf(tokens, first)))) {
            t = lastOf(tokens, first); // skipped with everything in it, its end tag too
          }
        }
      }
    }
    leave("body");
  }

  /**
   * {@link #describe(Element)} of the element whose tokens run from {@code first} to {@code last}:
   * a script's content; for an element holding only text and inline elements, its text (Jsoup's
   * text() joins such text as it stands, up to white space and invisible characters, which
   * {@link TextCleaner#collapse} treats alike); for one holding blocks, scripts or line breaks but
   * no text beyond white space (an ad slot around its script), its tag; otherwise what Jsoup reads
   * from that element's HTML alone.
   */
  private static String describe(String html, List<SimpleHtml.Token> tokens, int first, int last) {
    Element e = java.util.Objects.requireNonNull(tokens.get(first).element());
    if (e.normalName().equals("script")) {
      return recorded(TextCleaner.collapse(first + 1 < last ? tokens.get(first + 1).text() : ""), e);
    }
    StringBuilder text = new StringBuilder();
    boolean inlineOnly = true;
    boolean inScript = false;
    for (int t = first + 1; t < last; t++) {
      SimpleHtml.Token token = tokens.get(t);
      if (token.kind() != SimpleHtml.Kind.TEXT) {
        inScript = token.kind() == SimpleHtml.Kind.START && token.text().equals("script");
        inlineOnly &= SimpleHtml.isInline(token.text());
      } else if (!inScript) {
        text.append(token.text());
      }
    }
    if (inlineOnly) {
      return recorded(TextCleaner.collapse(text), e);
    }
    if (isTagSpace(text)) {
      return recorded("", e);
    }
    return describe(Jsoup.parseBodyFragment(html.substring(tokens.get(first).start(), tokens.get(last).end())).body().child(0));
  }

  /** Whether the text is only spaces, tabs and newlines (what Jsoup's text() trims away entirely). */
  private static boolean isTagSpace(CharSequence text) {
    return text.chars().allMatch(c -> SimpleHtml.isTagSpace((char) c));
  }

  /** The index of the token that ends the element starting at {@code start}: its end tag, or itself for a void element. */
  private static int lastOf(List<SimpleHtml.Token> tokens, int start) {
    int open = 0;
    for (int t = start; t < tokens.size(); t++) {
      SimpleHtml.Token token = tokens.get(t);
      if (token.kind() == SimpleHtml.Kind.START && !token.text().equals("br")) {
        open++;
      } else if (token.kind() == SimpleHtml.Kind.END) {
        open--;
      }
      if (open == 0) {
        return t;
      }
    }
    throw new IllegalStateException("unbalanced tokens"); // SimpleHtml returns balanced ones only
  }

  private void appendText(String raw, int depth) {
    if (TextCleaner.isCleanPlainText(raw)) {
      builder.appendPlainUnchecked(raw); // most text nodes: one scan instead of three
      return;
    }
    String text = TextCleaner.repair(raw);
    if (text.indexOf('<') >= 0 && TextCleaner.looksLikeMarkup(text)) {
      if (depth < MAX_NESTED_MARKUP) {
        readHtml(text, depth + 1);
        return;
      }
      // too deep to read again: cut what reads as tags. The cut splits the text into new runs,
      // which may now be repaired (mojibake next to a "<" was not), so clean it again: what a
      // second normalization of the output would do
      for (int round = 0; round < MAX_TAG_CUTS && TextCleaner.looksLikeMarkup(text); round++) {
        text = TextCleaner.repair(TAG_OR_BRACKET.matcher(text).replaceAll(" "));
      }
    }
    builder.append(text);
  }

  private void breakBlock() {
    builder.link(Optional.empty());
    List<Span> spans = builder.take();
    if (!spans.isEmpty()) {
      Block block = Block.of(blocks.size(), blockTags.isEmpty() ? "p" : blockTags.peek(), spans);
      // text pieces can join into something that reads as a tag ("<" + "<span>x</span>" + ">"): cut it
      for (int round = 0; round < MAX_TAG_CUTS && TextCleaner.looksLikeMarkup(block.text()); round++) {
        java.util.regex.Matcher m = TextCleaner.TAG_LIKE.matcher(block.text());
        if (m.find()) {
          block = block.cut(m.start(), m.end());
        }
      }
      if (Body.hasWords(block.text()) || !block.text().isBlank()) {
        blocks.add(block);
      }
    }
    builder.link(hrefs.isEmpty() ? Optional.empty() : hrefs.peek());
  }

  private static String outputTag(String tag) {
    return switch (tag) {
      case "h1", "h2" -> "h2";
      case "h3", "h4", "h5", "h6", "li", "blockquote" -> tag;
      default -> "p";
    };
  }

  private static String describe(Element e) {
    String text = e.normalName().equals("script") || e.normalName().equals("style") ? e.data() : e.text();
    return recorded(TextCleaner.collapse(text), e);
  }

  /** A dropped element as recorded: its collapsed text, cut to length, or its tag when it has none. */
  private static String recorded(String collapsed, Element e) {
    String text = collapsed.isEmpty() ? "<" + e.normalName() + ">" : collapsed;
    return text.length() > MAX_RECORDED_CHARS ? text.substring(0, MAX_RECORDED_CHARS) + "…" : text;
  }

  /**
   * An element's start, in a tree whose root is {@code root}: dropped by an element rule (recorded
   * with its {@code description}), skipped (images, scripts and the like), or entered — a line
   * break ends the block, a link opens, a block element opens a block. Returns whether its
   * content is read; {@link #leave} follows only then.
   */
  private boolean enter(Element root, Element e, java.util.function.Supplier<String> description) {
    String tag = e.normalName();
    if (!tag.equals("body")) {
      Optional<ElementRule> rule = elementRules.firstMatch(root, e);
      if (rule.isPresent()) {
        int offset = builder.isEmpty() ? 0 : Integer.MAX_VALUE;
        removals.add(new Body.Placed(blocks.size(), offset, new Removal(rule.get().kind(), rule.get().id(), description.get())));
        return false;
      }
    }
    switch (tag) {
      case "br" -> breakBlock();
      case "a" -> {
        hrefs.push(e.hasAttr("href") ? links.resolve(e.attr("href")) : Optional.empty());
        builder.link(hrefs.peek());
      }
      case "img", "script", "style", "template", "noscript" -> {
        return false;
      }
      default -> {
        if (BLOCK_TAGS.contains(tag)) {
          breakBlock();
          blockTags.push(outputTag(tag));
        }
      }
    }
    return true;
  }

  /** An element's end, after its content: a link or a block closes; an inline element closes nothing. */
  private void leave(String tag) {
    if (tag.equals("a")) {
      hrefs.pop();
      builder.link(hrefs.isEmpty() ? Optional.empty() : hrefs.peek());
    } else if (BLOCK_TAGS.contains(tag)) {
      breakBlock();
      blockTags.pop();
    }
  }

  /** The iterative walk over one parsed fragment. */
  private final class Walker implements NodeFilter {
    private final int depth;
    private final Element root;

    Walker(int depth, Element root) {
      this.depth = depth;
      this.root = root;
    }

    @Override
    public FilterResult head(Node node, int nodeDepth) {
      if (node instanceof TextNode t) {
        appendText(t.getWholeText(), depth);
        return FilterResult.CONTINUE;
      }
      if (!(node instanceof Element e)) {
        return FilterResult.SKIP_ENTIRELY; // comments, data, doctype
      }
      return enter(root, e, () -> describe(e)) ? FilterResult.CONTINUE : FilterResult.SKIP_ENTIRELY;
    }

    @Override
    public FilterResult tail(Node node, int nodeDepth) {
      if (node instanceof Element e) {
        leave(e.normalName());
      }
      return FilterResult.CONTINUE;
    }
  }
}
