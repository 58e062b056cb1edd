package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HTML that is only bare {@code <p>} blocks (HTML of the simple kind most descriptions are, see
 * {@link SimpleHtml}) is read without Jsoup; the blocks and removals must be
 * those the Jsoup walk gives. A trailing comment ({@code <!---->}, which the walk skips) makes the
 * reader take the Jsoup path for the same content.
 */
class BareParagraphsTest {
  private static final String ALPHABET = "abc XYZ.,'\n\t\u00A0\u200B\u00AD\uFEFF\u2028\u00E9e\u0301\u00E2\u20AC\u2122\u00C3\u00A9\u0130\u212A\u3000\u0085\"/";

  private final ElementRules rules = NormalizeRules.defaults().compiled().elements();

  @Test
  void readAsTheJsoupWalkReadsThem() {
    Random random = new Random(20261129);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder html = new StringBuilder(space(random));
      for (int p = random.nextInt(5); p >= 0; p--) {
        html.append("<p>");
        for (int i = random.nextInt(40); i > 0; i--) {
          html.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        html.append("</p>").append(space(random));
      }
      assertSameAsJsoup(html.toString());
    }
  }

  @Test
  void examples() {
    assertSameAsJsoup("<p>Talks went on in Geneva.</p>\n<p>Officials said a deal was near.</p>");
    assertSameAsJsoup("<p></p><p>   </p><p>\u00e2\u20ac\u2122 mojibake</p>");
    assertSameAsJsoup("<p>Moscow, September 13: Russia is touting its vaccine.</p><p>(This is an unedited story.)</p>");
    Body body = read("<p>One.</p> <p>Two.</p>");
    assertThat(body.blocks()).extracting(Block::text).containsExactly("One.", "Two.");
    assertThat(body.blocks()).extracting(Block::tag).containsExactly("p", "p");
  }

  @Test
  void paragraphsWithEntitiesMarkupOrControlsStillReadAsTheJsoupWalkReadsThem() {
    // what the fast path must refuse (or read alike): entities, double escapes, stray brackets,
    // carriage returns, NUL and other controls, lone and paired surrogates
    String tricky = "ab &;ltgamp#x3c<>/p\r\u0000\u0001\u007F\uD83D\uDE00\uDC00";
    Random random = new Random(20261130);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder html = new StringBuilder();
      for (int p = random.nextInt(3); p >= 0; p--) {
        html.append("<p>");
        for (int i = random.nextInt(12); i > 0; i--) {
          html.append(tricky.charAt(random.nextInt(tricky.length())));
        }
        html.append("</p>");
      }
      assertSameAsJsoup(html.toString());
    }
  }

  private void assertSameAsJsoup(String html) {
    Body fast = read(html);
    Body jsoup = read(html + "<!---->");
    assertThat(fast.blocks()).as("%s", html).isEqualTo(jsoup.blocks());
    assertThat(fast.removals()).as("%s", html).isEqualTo(jsoup.removals());
  }

  private Body read(String html) {
    return new BodyReader(rules, Optional.empty()).read(html);
  }

  private static String space(Random random) {
    return List.of("", " ", "\n", "\n\t ", "  ").get(random.nextInt(5));
  }
}
