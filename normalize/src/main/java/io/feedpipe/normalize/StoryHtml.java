package io.feedpipe.normalize;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Writes the surviving blocks as HTML: one element per block (consecutive list items share one
 * {@code <ul>}), links as {@code <a href>}, built as Jsoup nodes and passed through a
 * {@link Cleaner} with {@link #SAFELIST}, printed compactly. Cleaning the result again with the
 * same safelist changes nothing.
 */
final class StoryHtml {
  /** Jsoup's basic safelist plus h2–h6, links restricted to http, https and mailto. */
  static final Safelist SAFELIST = Safelist.basic()
      .addTags("h2", "h3", "h4", "h5", "h6")
      .removeProtocols("a", "href", "ftp");

  private StoryHtml() {}

  static String of(List<Block> blocks) {
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
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    return clean.body().html();
  }
}
