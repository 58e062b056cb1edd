package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.junit.jupiter.api.Test;

class StoryHtmlTest {
  private static final List<String> TEXTS = List.of(
      "plain", " ", "a & b", "<b>", "x > y", "\"quoted\"", "it's", "\u00a0", "café", "日本語", "🙂", "\ud83d", "\ude42",
      "&amp;", "&lt;", "'", "=", "`", "\u2028", "\u00ad", "Also Read | ");
  private static final List<String> HREFS = List.of(
      "https://www.latestly.com/a.html", "HTTPS://Example.COM/A?b=1&c=2", "http://x.test/a b", "mailto:desk@x.test",
      "https://x.test/\"quote\"", "https://x.test/<tag>", "https://x.test/\u00a0nbsp", "https://bücher.example/ä",
      "javascript:alert(1)", "ftp://x.test/file", "/relative/path", "https://x.test/\ud83d", "https:///nohost", "");
  private static final List<String> TAGS = List.of("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote");

  @Test
  void writesWhatTheJsoupCleanerPrintsForTheSameBlocks() {
    Random random = new Random(20261128L);
    for (int round = 0; round < 3_000; round++) {
      List<Block> blocks = new ArrayList<>();
      for (int b = random.nextInt(5); b >= 0; b--) {
        List<Span> spans = new ArrayList<>();
        for (int s = random.nextInt(4); s >= 0; s--) {
          StringBuilder text = new StringBuilder();
          for (int t = random.nextInt(4); t >= 0; t--) {
            text.append(TEXTS.get(random.nextInt(TEXTS.size())));
          }
          Optional<String> href = random.nextInt(3) == 0 ? Optional.of(HREFS.get(random.nextInt(HREFS.size()))) : Optional.empty();
          spans.add(new Span(text.toString(), href));
        }
        blocks.add(Block.of(blocks.size(), TAGS.get(random.nextInt(TAGS.size())), spans));
      }
      assertThat(visible(StoryHtml.of(blocks))).as(visible(blocks.toString())).isEqualTo(visible(throughTheCleaner(blocks)));
    }
  }

  @Test
  void cleaningTheOutputAgainChangesNothing() {
    List<Block> blocks = List.of(
        Block.of(0, "li", List.of(new Span("one & <two>", Optional.of("https://x.test/a?b=1&c=2")))),
        Block.of(1, "li", List.of(new Span("three", Optional.empty()))),
        Block.of(2, "p", List.of(new Span("\"four\"\u00a0five", Optional.of("javascript:alert(1)")))));
    String html = StoryHtml.of(blocks);
    assertThat(html).isEqualTo("<ul><li><a href=\"https://x.test/a?b=1&amp;c=2\" rel=\"nofollow\">one &amp; &lt;two&gt;</a></li>"
        + "<li>three</li></ul><p><a rel=\"nofollow\">\"four\"&nbsp;five</a></p>");
    assertThat(Sanitized.cleanAgain(html)).isEqualTo(html);
  }

  /** Non-ASCII as escapes, so that a failure message shows lone surrogates. */
  private static String visible(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return sb.toString();
  }

  /** The writer this class replaced: the blocks built as Jsoup nodes, passed through a Cleaner, printed. */
  private static String throughTheCleaner(List<Block> blocks) {
    Document dirty = Document.createShell("");
    Element body = dirty.body();
    Element list = null;
    for (Block b : blocks) {
      Element parent = body;
      if (b.tag().equals("li")) {
        if (list == null) {
          list = body.appendElement("ul");
        }
        parent = list;
      } else {
        list = null;
      }
      Element el = parent.appendElement(b.tag());
      for (Span s : b.spans()) {
        if (s.href().isPresent()) {
          el.appendElement("a").attr("href", s.href().get()).appendText(s.text());
        } else {
          el.appendText(s.text());
        }
      }
    }
    Document clean = new Cleaner(StoryHtml.SAFELIST).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    return clean.body().html();
  }
}
