package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HTML of the simple kind (see {@link SimpleHtml}) is read from tokens, without Jsoup; the blocks
 * and removals must be those the Jsoup walk gives. A trailing comment ({@code <!---->}, which the
 * walk skips, and which changes nothing of a document whose every element is closed) makes the
 * reader take the Jsoup path for the same content.
 */
class SimpleHtmlTest {
  private final ElementRules rules = NormalizeRules.defaults().compiled().elements();
  private static final Optional<URI> BASE = Optional.of(URI.create("https://www.latestly.com/world/story.html"));

  /** Pieces of documents: the simple kind, near misses, and what tree construction rewrites. */
  private static final List<String> PIECES = List.of(
      "<p>", "</p>", "<div>", "</div>", "<a href=\"/india/news-1.html\">", "<a href=\"https://x.test/a?b=1&amp;c=2\">",
      "<a>", "</a>", "<span>", "</span>", "<strong>", "</strong>", "<em>", "</em>", "<b>", "</b>", "<i>", "</i>",
      "<br>", "<br/>", "<br />", "<script>googletag.cmd.push(function() {});</script>", "<script>a<b</script>",
      "<div class=\"ad-slot ad\" id=\"div-gpt-ad-1\">", "<p class=\"share-bar\">", "<div class=\"related-box\">",
      "<figure>", "</figure>", "<ins class=\"adsbygoogle\">", "</ins>", "<p id=\"x\" id=\"y\">", "<p class='x'>",
      "<P>", "</P>", "<p >", "</p >", "<li>", "</li>", "<h2>", "</h2>", "<table>", "<td>", "<img src=\"x.png\">",
      "<a href=\"javascript:alert(1)\">", "<a href=\"mailto:desk@x.test\">", "<span title=\"a&lt;b\">", "<!-- c -->",
      "x > y", "AT&T", "a\rb", "\uD83D\uDE00", "<", "< p>", "</", "</x>", "&amp;", "<p class=\"x\"id=\"y\">",
      "<b class=\"lead\">");
  /** Text, some of it what the pipeline looks for. */
  private static final List<String> TEXTS = List.of("Also Read | ", "Talks went on in Geneva.", " ", "\n", "\n\t ",
      "Moscow, September 13: ", "(PTI)", "caf\u00e9 \u00e2\u20ac\u2122", "\u00a0", "Advertisement",
      "Follow us on Twitter", "\u00e2\u20ac", "x", "\u200B", "soft\u00ADhyphen", "\u2028", "a  \t b", "\uFEFF", "\u0085", "\u3000x\u2003");

  @Test
  void readAsTheJsoupWalkReadsThem() {
    Random random = new Random(20261129);
    int simple = 0;
    for (int n = 0; n < 30_000; n++) {
      StringBuilder html = new StringBuilder();
      for (int k = random.nextInt(14); k >= 0; k--) {
        html.append(random.nextBoolean() ? PIECES.get(random.nextInt(PIECES.size())) : TEXTS.get(random.nextInt(TEXTS.size())));
      }
      simple += assertSameAsJsoup(html.toString()) ? 1 : 0;
    }
    assertThat(simple).as("documents of the simple kind").isGreaterThan(200);
  }

  @Test
  void wellFormedDocumentsReadAsTheJsoupWalkReadsThem() {
    Random random = new Random(20261130);
    int simple = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder html = new StringBuilder();
      nested(html, random, 0, false, false);
      simple += assertSameAsJsoup(html.toString()) ? 1 : 0;
    }
    assertThat(simple).as("documents of the simple kind").isGreaterThan(10_000);
  }

  @Test
  void theSeedIsOfTheSimpleKind() throws Exception {
    String seed = new String(SimpleHtmlTest.class.getResourceAsStream("/seed/000_3d0ebdbd1c5cc7ca.html").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(assertSameAsJsoup(seed)).as("read from tokens").isTrue();
  }

  @Test
  void refusesWhatTreeConstructionWouldRewrite() {
    assertThat(SimpleHtml.tokens("<p>One.<p>Two.</p>")).isNull(); // the second <p> closes the first
    assertThat(SimpleHtml.tokens("<p><div>x</div></p>")).isNull(); // a block closes the paragraph
    assertThat(SimpleHtml.tokens("<a href=\"/1\">x<a href=\"/2\">y</a></a>")).isNull(); // adoption agency
    assertThat(SimpleHtml.tokens("<b><i>x</b></i>")).isNull(); // misnested
    assertThat(SimpleHtml.tokens("<p>x")).isNull(); // left open
    assertThat(SimpleHtml.tokens("<p>AT&amp;T</p>")).isNull(); // an entity in text
    assertThat(SimpleHtml.tokens("<p>x</p><!-- c -->")).isNull();
    assertThat(SimpleHtml.tokens("<div><p>x <a href=\"/a?b=1&amp;c=2\">y</a></p><script>f();</script></div>\n"))
        .isNotNull();
  }

  /** A random document of the elements the simple kind allows, nested as it allows, with now and then a misstep. */
  private static void nested(StringBuilder html, Random random, int depth, boolean inParagraph, boolean inLink) {
    for (int k = random.nextInt(depth == 0 ? 6 : 4); k >= 0; k--) {
      int choice = random.nextInt(depth >= 4 ? 3 : 10);
      switch (choice) {
        case 0, 1 -> html.append(TEXTS.get(random.nextInt(TEXTS.size())));
        case 2 -> html.append(random.nextInt(8) == 0 ? "<br>" : " ");
        case 3 -> {
          if (random.nextInt(30) == 0) {
            html.append(PIECES.get(random.nextInt(PIECES.size()))); // a misstep: any piece
          }
        }
        case 4, 5 -> {
          // a related box or share bar is dropped whole, its text recorded
          String open = inParagraph || inLink ? List.of("<span>", "<span class=\"share\">").get(random.nextInt(2))
              : List.of("<p>", "<div class=\"article-content\">", "<div class=\"related-box\">", "<p class=\"share-bar\">")
                  .get(random.nextInt(4));
          String tag = open.substring(1, open.indexOf(open.contains(" ") ? ' ' : '>'));
          html.append(open);
          nested(html, random, depth + 1, inParagraph || tag.equals("p"), inLink);
          html.append("</").append(tag).append('>');
        }
        case 6 -> {
          if (!inLink) {
            html.append(random.nextBoolean() ? "<a href=\"/india/news-" + random.nextInt(3) + ".html\">" : "<a>");
            nested(html, random, depth + 1, inParagraph, true);
            html.append("</a>");
          }
        }
        case 7 -> html.append(inParagraph ? "<em>x</em>" : "<div class=\"ad-slot ad\"><script>f();</script></div>");
        case 8 -> html.append(inParagraph || inLink ? "<b>lead</b>" : "<p class=\"share-bar\">Share</p>");
        default -> html.append("\n");
      }
    }
  }

  /**
   * For HTML of the simple kind with at least one element (the rest takes the Jsoup path anyway,
   * where the comment may change the parse, or is plain text, which the comment would make HTML).
   */
  private boolean assertSameAsJsoup(String html) {
    List<SimpleHtml.Token> tokens = SimpleHtml.tokens(html);
    if (tokens == null || tokens.stream().noneMatch(t -> t.kind() == SimpleHtml.Kind.START)) {
      return false;
    }
    Body fast = read(html);
    Body jsoup = read(html + "<!---->");
    assertThat(fast.blocks()).as("%s", html).isEqualTo(jsoup.blocks());
    assertThat(fast.removals()).as("%s", html).isEqualTo(jsoup.removals());
    return true;
  }

  private Body read(String html) {
    return new BodyReader(rules, BASE).read(html);
  }
}
