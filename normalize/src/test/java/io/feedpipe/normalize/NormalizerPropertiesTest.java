package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of normalize over arbitrary HTML and text built from the pieces real feeds carry.
 * Each runs from a fixed seed, so that a build fails only for what changed: fresh seeds found three
 * counterexamples in about fifty runs on 2026-11-29 (regression tests in NormalizerBasicsTest and
 * CleanPlainTextTest). To look for more, run with the seed removed, many times.
 */
class NormalizerPropertiesTest {
  /** jqwik's seed for every property here. */
  private static final String SEED = "20261129";
  private static final Normalizer NORMALIZER = Normalizer.withDefaultRules();
  private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*[a-zA-Z!][^<>]*>");
  /** Script and style bodies in the generated input carry this word. */
  private static final String CODE_MARK = "zqxcodemark";

  private static final List<String> PIECES = List.of(
      "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<b>", "</b>", "<i>", "</i>", "<span>", "</span>",
      "<ul><li>", "</li><li>", "</li></ul>", "<h2>", "</h2>", "<blockquote>", "</blockquote>", "<table><tr><td>",
      "</td></tr></table>", "<a href=\"https://www.latestly.com/x.html\">", "<a href=\"/rel\">", "<a href=\"javascript:x()\">",
      "<a>", "</a>", "<script>var " + CODE_MARK + " = '<p>';</script>", "<style>p{color:red} ." + CODE_MARK + "{}</style>",
      "<script>", "<iframe src=\"https://x.test\"></iframe>", "<img src=x width=1 height=1>", "<!-- comment -->",
      "<div class=\"ad\">", "<div class=\"share-bar\">", "&amp;", "&amp;amp;", "&lt;b&gt;", "&lt;script&gt;" + CODE_MARK + "&lt;/script&gt;",
      "&#8217;", "&nbsp;", "&bogus;", "<", ">", "&", "\n", "\n\n", " ", "  ", ".", ". ", ", ", ":", "|", "(", ")", "\"",
      "Also Read | ", "READ MORE: ", "Moscow, September 13: ", "WASHINGTON (AP) — ", "New Delhi, May 21 (PTI) ",
      "(ANI)", "-- IANS", "PTI AB RS", "Advertisement", "Follow us on Twitter",
      "(This is an unedited and auto-generated story from Syndicated News feed, LatestLY Staff may not have modified or edited the content body)",
      "This story has not been edited by staff.", "Queen Elizabeth II Funeral: 500 Foreign VIPs Expected at Queen's Final Rites.",
      "CNN reported", "told Reuters", "according to AP", "Russia is touting its support from China.",
      "the minister said on Monday", "Prices rose", "café", "cafe\u0301", "\u200b", "\u00ad", "â€™", "Ã©", "日本語のテキスト", "🙂");

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(PIECES)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(12)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("<>/&;#=\"' ap").ofMaxLength(8)));
    return piece.list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  @Property(tries = 400, seed = SEED)
  void normalizeNeverThrowsAndNeverFallsBackToTheDegradedPath(@ForAll("bodies") String body, @ForAll("bodies") String title) {
    Story story = NORMALIZER.normalize(Items.item("https://www.latestly.com/a/b.html?utm_source=x", title, body));
    assertThat(story.removed()).noneMatch(r -> r.kind().equals("error"));
  }

  @Property(tries = 400, seed = SEED)
  void textHoldsNoTagsAndNoScriptOrStyleContent(@ForAll("bodies") String body) {
    Story story = NORMALIZER.normalize(Items.withBody(body));
    for (String paragraph : story.text().split("\n\n")) {
      assertThat(paragraph).doesNotContainPattern(TAG).doesNotContain("\n");
    }
    // what an HTML parser reads as script or style (not what merely looks like it) never reaches the text
    Element parsed = Jsoup.parseBodyFragment(body).body();
    String visible = parsed.text();
    for (Element code : parsed.select("script, style")) {
      String data = code.data().strip();
      if (data.length() > 3) {
        assertThat(occurrences(story.text(), data)).as("script/style data %s", data)
            .isLessThanOrEqualTo(occurrences(visible, data));
      }
    }
    assertThat(story.title()).doesNotContainPattern(TAG);
    assertThat(story.html()).doesNotContain("<script", "<style", "<iframe", "javascript:");
    assertThat(story.text()).doesNotContain("\n\n\n").doesNotStartWith(" ").doesNotEndWith(" ");
  }

  @Property(tries = 400, seed = SEED)
  void normalizingTheOutputAgainChangesNothing(@ForAll("bodies") String body) {
    Story first = NORMALIZER.normalize(Items.withBody(body));
    Story fromHtml = NORMALIZER.normalize(again(first, first.html()));
    assertThat(fromHtml.text()).isEqualTo(first.text());
    assertThat(fromHtml.html()).isEqualTo(first.html());
    assertThat(fromHtml.title()).isEqualTo(first.title());
    Story fromText = NORMALIZER.normalize(again(first, first.text()));
    assertThat(fromText.text()).isEqualTo(first.text());
  }

  @Property(tries = 400, seed = SEED)
  void cleaningTheHtmlAgainWithTheSafelistChangesNothing(@ForAll("bodies") String body) {
    Story story = NORMALIZER.normalize(Items.withBody(body));
    assertThat(Sanitized.cleanAgain(story.html())).isEqualTo(story.html());
  }

  @Property(tries = 200, seed = SEED)
  void wordCountAndFingerprintFollowTheText(@ForAll("bodies") String body) {
    Story story = NORMALIZER.normalize(Items.withBody(body));
    assertThat(story.wordCount()).isEqualTo(Words.count(story.text()));
    assertThat(story.fingerprint()).isEqualTo(SimHash.of(story.text())).matches("[0-9a-f]{16}");
  }

  private static int occurrences(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static RawItem again(Story s, String body) {
    return Items.item(s.url().orElse(CaseFile.DEFAULT_LINK), s.title(), body);
  }
}
