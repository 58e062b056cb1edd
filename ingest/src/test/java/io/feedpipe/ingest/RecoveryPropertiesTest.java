package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.Quality;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * #16: for random valid feeds (RSS 2.0 and Atom 1.0), injecting one recoverable defect changes no
 * field of any item except {@code quality.repairs}, and the repair is named — on an item or on the
 * feed. The valid feed itself needs no repair at all.
 */
class RecoveryPropertiesTest {
  private static final long SEED = 20261206L;
  private static final int TRIES = 300;
  private static final URI FETCHED_FROM = URI.create("https://feeds.example/world.xml");
  private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:00Z");
  private static final FeedInfo INFO = new FeedInfo("f", FETCHED_FROM, Optional.empty());
  private static final String DC = "http://purl.org/dc/elements/1.1/";

  enum Defect {
    UNDECLARED_PREFIX("undeclared-prefix"), CONTROL_CHAR("control-char"), NAMESPACE_WHITESPACE("namespace-whitespace"),
    STRAY_END_TAG("mismatched-tag"), BARE_AMPERSAND("bare-ampersand"), HTML_ENTITY("html-entity"),
    C1_REFERENCE("mojibake"), RELATIVE_LINK("relative-link"), CUT_OFF_AFTER_LAST_ENTRY("cut-off"),
    DOCTYPE("doctype"), LINK_WITHOUT_HREF("link-without-href"), BASE64_CONTENT("base64");

    final String kind;

    Defect(String kind) {
      this.kind = kind;
    }
  }

  record Item(Optional<String> guid, String title, String path, Optional<String> author, String body, Instant date) {}

  /** A valid feed, the defect injected into it, and the item it goes in. */
  record Case(boolean atom, String site, List<Item> items, Defect defect, int target) {
    @Override
    public String toString() {
      return (atom ? "Atom" : "RSS") + " feed of " + items.size() + " items, " + defect + " in item " + target
          + ":\n" + render(this, false) + "\n--- with the defect:\n" + render(this, true);
    }
  }

  private static final Gen<String> WORD = Gen.oneOf(List.of("council", "budget", "rain", "café", "naïve", "Kochi",
      "東京", "2024", "Q&A", "\u2013", "a<b", "\"quoted\"", "it's", "Zoë", "\u00a0"));
  private static final Gen<String> TEXT = Gen.joined(WORD.map(w -> w + " "), 8).map(s -> "Story " + s.strip());
  private static final Gen<Item> ITEM = random -> new Item(
      random.nextInt(4) == 0 ? Optional.empty() : Optional.of("id-" + random.nextInt(1_000_000)),
      TEXT.next(random),
      "/news/" + random.nextInt(10_000) + ".html",
      random.nextBoolean() ? Optional.of("Reporter " + random.nextInt(100)) : Optional.empty(),
      TEXT.next(random),
      Instant.ofEpochSecond(1_577_836_800L + random.nextInt(157_680_000), random.nextBoolean() ? 0 : 1_000_000L * random.nextInt(1000)));
  private static final Gen<Case> CASES = random -> {
    boolean atom = random.nextBoolean();
    List<Item> items = new ArrayList<>(ITEM.list(5).next(random));
    items.add(ITEM.next(random));
    List<Defect> possible = Stream.of(Defect.values())
        .filter(d -> atom ? d != Defect.UNDECLARED_PREFIX && d != Defect.NAMESPACE_WHITESPACE && d != Defect.DOCTYPE
            : d != Defect.LINK_WITHOUT_HREF && d != Defect.BASE64_CONTENT)
        .toList();
    Defect defect = possible.get(random.nextInt(possible.size()));
    int target = random.nextInt(items.size());
    if (defect == Defect.UNDECLARED_PREFIX || defect == Defect.NAMESPACE_WHITESPACE) {
      Item t = items.get(target); // the defect needs an element in the namespace
      items.set(target, new Item(t.guid(), t.title(), t.path(), Optional.of("Reporter"), t.body(), t.date()));
    }
    return new Case(atom, "https://site" + random.nextInt(100) + ".example", items, defect, target);
  };

  @Test
  void oneRecoverableDefectChangesNothingButTheRepairsAndNamesTheRepair() {
    Property.forAll(SEED, TRIES, CASES, c -> {
      ParsedFeed clean = parsed(render(c, false));
      ParsedFeed broken = parsed(render(c, true));
      List<RawItem> cleanItems = items(clean);
      List<RawItem> brokenItems = items(broken);

      assertThat(clean.repairs()).as("repairs of the valid feed").isEmpty();
      assertThat(cleanItems).allSatisfy(i -> assertThat(i.quality().repairs()).as("repairs of a valid item").isEmpty());
      assertThat(broken.unreadable()).isEmpty();
      assertThat(brokenItems.stream().map(RecoveryPropertiesTest::withoutRepairs).toList())
          .isEqualTo(cleanItems.stream().map(RecoveryPropertiesTest::withoutRepairs).toList());
      List<String> named = new ArrayList<>(broken.repairs().stream().map(Repair::kind).toList());
      brokenItems.forEach(i -> i.quality().repairs().forEach(r -> named.add(r.kind())));
      assertThat(named).contains(c.defect().kind);
    });
  }

  private static final Gen<String> FRAGMENTS = Gen.joined(Gen.frequency(
      6, Gen.oneOf(List.of("<rss version=\"2.0\">", "<channel>", "<item>", "</item>", "<title>", "</title>",
          "<description>", "</description>", "</channel>", "</rss>", "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
          "<entry>", "</entry>", "<link href=\"x\"/>", "<dc:creator>", "<a:b c=d e>", "</b>", "<![CDATA[", "]]>",
          "<!--", "-->", "<!DOCTYPE rss [<!ENTITY e \"v\">]>", "<?xml version=\"1.0\"?>", "&e;", "&nbsp;", "&#150;",
          "&#x0;", "&", "<", ">", "xml:base=\"/a\"", "<content type=\"image/png\">AAAA</content>")),
      4, Gen.strings(12)), 40);

  @Test
  void anyMixOfFeedMarkupIsReadOrRefusedWithAReasonNeverAnException() {
    Property.forAll(SEED, TRIES, FRAGMENTS, text -> {
      ParseOutcome outcome = new FeedParser().parse(text.getBytes(StandardCharsets.UTF_8), Optional.empty(),
          Optional.of(FETCHED_FROM));
      if (outcome instanceof ParseOutcome.Parsed p) {
        assertThat(items(p.feed())).hasSize(p.feed().entries().size());
      } else {
        // a refusal names what is wrong; an exception caught on the way out would be a defect of ours
        assertThat(((ParseOutcome.Unreadable) outcome).message()).isNotBlank()
            .doesNotStartWith("the feed could not be read");
      }
    });
  }

  private static ParsedFeed parsed(String body) {
    ParseOutcome outcome = new FeedParser().parse(body.getBytes(StandardCharsets.UTF_8), Optional.empty(),
        Optional.of(FETCHED_FROM));
    assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
    return ((ParseOutcome.Parsed) outcome).feed();
  }

  private static List<RawItem> items(ParsedFeed feed) {
    return ItemMapper.items(feed, INFO, FETCHED, new DateParser(ParseSettings.DEFAULT_ZONE_ABBREVIATIONS),
        Duration.ofDays(1));
  }

  private static RawItem withoutRepairs(RawItem i) {
    Quality q = i.quality();
    return new RawItem(i.feed(), i.identity(), i.guid(), i.link(), i.title(), i.summaryHtml(), i.contentHtml(),
        i.authors(), i.categories(), i.language(), i.publishedAt(), i.updatedAt(), i.fetchedAt(), i.dateProblems(),
        i.contentBase(), new Quality(q.dateSource(), q.linkSource(), q.guidSource(), List.of()));
  }

  static String render(Case c, boolean withDefect) {
    Defect d = withDefect ? c.defect() : null;
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (d == Defect.DOCTYPE) {
      out.append("<!DOCTYPE rss [<!ENTITY unused \"nothing\">]>\n");
    }
    if (c.atom()) {
      out.append("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed</title><id>urn:feed</id>")
          .append("<link href=\"").append(c.site()).append("/\"/>");
      if (d == Defect.LINK_WITHOUT_HREF) {
        out.append("<link rel=\"self\"/>");
      }
      out.append("<updated>2026-01-01T00:00:00Z</updated>\n");
    } else {
      String dc = d == Defect.NAMESPACE_WHITESPACE ? " " + DC + " " : DC;
      out.append("<rss version=\"2.0\"").append(d == Defect.UNDECLARED_PREFIX ? "" : " xmlns:dc=\"" + dc + "\"")
          .append("><channel><title>Feed</title><link>").append(c.site()).append("/</link>\n");
    }
    for (int k = 0; k < c.items().size(); k++) {
      Item item = c.items().get(k);
      // the target item holds what the defect touches in both renders; only the broken one has the defect
      Defect touched = k == c.target() ? c.defect() : null;
      Defect here = k == c.target() ? d : null;
      String title = here == Defect.CONTROL_CHAR ? item.title().substring(0, 3) + "\b" + item.title().substring(3)
          : item.title();
      String link = here == Defect.RELATIVE_LINK ? item.path() : c.site() + item.path();
      String escapedTitle = escape(title);
      if (touched == Defect.BARE_AMPERSAND) {
        escapedTitle = escapedTitle.replace("Story ", here != null ? "Story & " : "Story &amp; ");
      } else if (touched == Defect.HTML_ENTITY) {
        escapedTitle = escapedTitle.replace("Story", here != null ? "Story&nbsp;" : "Story&#160;");
      } else if (touched == Defect.C1_REFERENCE) {
        escapedTitle = escapedTitle.replace("Story", here != null ? "Story&#150;" : "Story&#8211;");
      }
      String body = escape("<p>" + escape(item.body()) + "</p>");
      if (c.atom()) {
        out.append("<entry>").append(item.guid().map(g -> "<id>" + g + "</id>").orElse(""))
            .append("<title type=\"text\">").append(escapedTitle).append("</title>");
        out.append("<link href=\"").append(escape(link)).append("\"/>");
        item.author().ifPresent(a -> out.append("<author><name>").append(escape(a)).append("</name></author>"));
        out.append("<updated>").append(item.date()).append("</updated>");
        if (here == Defect.BASE64_CONTENT) {
          String html = "<p>" + escape(item.body()) + "</p>";
          out.append("<content type=\"application/octet-stream\">")
              .append(java.util.Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8))).append("</content>");
        } else {
          out.append("<content type=\"html\">").append(body).append("</content>");
        }
        if (here == Defect.STRAY_END_TAG) {
          out.append("</b>");
        }
        out.append("</entry>\n");
      } else {
        out.append("<item>").append(item.guid().map(g -> "<guid isPermaLink=\"false\">" + g + "</guid>").orElse(""))
            .append("<title>").append(escapedTitle).append("</title><link>").append(escape(link)).append("</link>");
        if (here == Defect.STRAY_END_TAG) {
          out.append("</b>");
        }
        item.author().ifPresent(a -> out.append("<dc:creator>").append(escape(a)).append("</dc:creator>"));
        out.append("<pubDate>").append(RFC_1123.format(item.date())).append("</pubDate>")
            .append("<description>").append(body).append("</description></item>\n");
      }
    }
    if (d != Defect.CUT_OFF_AFTER_LAST_ENTRY) {
      out.append(c.atom() ? "</feed>\n" : "</channel></rss>\n");
    }
    return out.toString();
  }

  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
      Locale.ROOT).withZone(ZoneOffset.UTC);

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
