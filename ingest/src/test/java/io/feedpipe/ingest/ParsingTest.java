package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real-world breakage read leniently where the meaning is clear, and formats beyond RSS 2.0. */
class ParsingTest {
  private static final Instant FETCHED = Instant.parse("2024-01-15T06:00:00Z");
  private static final FeedInfo INFO = new FeedInfo("f", URI.create("https://x.example/rss"), Optional.empty());

  private static ParsedFeed parse(String body) {
    return parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static ParsedFeed parse(byte[] body) {
    ParseOutcome outcome = new FeedParser().parse(body, Optional.empty());
    assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
    return ((ParseOutcome.Parsed) outcome).feed();
  }

  private static List<RawItem> items(String body) {
    return items(body, ParseSettings.DEFAULT_ZONE_ABBREVIATIONS);
  }

  private static List<RawItem> items(String body, Map<String, String> zones) {
    return ItemMapper.items(parse(body), INFO, FETCHED, new DateParser(zones), Duration.ofDays(1));
  }

  @Test
  void aByteOrderMarkAndWhitespaceBeforeTheProlog() {
    byte[] rss = ("\n\n   " + Feeds.RSS).getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[rss.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(rss, 0, withBom, 3, rss.length);

    assertThat(parse(withBom).entries()).hasSize(2);
  }

  @Test
  void htmlEntitiesThatXmlDoesNotDefine() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>A&nbsp;B</title>
        <item><title>It&rsquo;s &ldquo;here&rdquo; &mdash; Q&A &amp; more</title><link>https://x.example/1</link>
        <description><![CDATA[keep &nbsp; literal]]></description></item></channel></rss>
        """);

    assertThat(items.get(0).title()).contains("It\u2019s \u201chere\u201d \u2014 Q&A & more");
    assertThat(items.get(0).summaryHtml()).contains("keep &nbsp; literal");
    assertThat(items.get(0).feed()).isEqualTo(INFO);
  }

  @Test
  void rssWithoutChannel() {
    List<RawItem> items = items("""
        <rss version="2.0"><title>No channel</title>
        <item><title>One</title><link>https://x.example/1</link></item></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> assertThat(i.title()).contains("One"));
  }

  @Test
  void unknownAndMissingRssVersions() {
    String item = "<channel><title>t</title><item><title>One</title><link>https://x.example/1</link></item></channel>";
    assertThat(items("<rss version=\"2.01\">" + item + "</rss>")).hasSize(1);
    assertThat(items("<rss>" + item + "</rss>")).hasSize(1);
    assertThat(items("<rss version=\"3.0\">" + item + "</rss>")).hasSize(1);
  }

  @Test
  void whitespaceAroundLinksAndTitlesIsTrimmed() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>
           Spaced feed
        </title>
        <item><title>
            Spaced title
        </title><link>
            https://x.example/spaced
        </link><guid>  g-1  </guid></item></channel></rss>
        """);

    assertThat(items.get(0).title()).contains("Spaced title");
    assertThat(items.get(0).link()).contains("https://x.example/spaced");
    assertThat(items.get(0).guid()).contains("g-1");
  }

  @Test
  void atomXhtmlContentLosesItsWrapperDiv() {
    List<RawItem> items = items("""
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="hi"><title>Atom</title><id>urn:f</id>
        <updated>2024-01-15T05:00:00Z</updated>
        <entry><id>urn:e1</id><title>Entry</title><link href="https://x.example/e1"/>
        <updated>2024-01-15T04:00:00+05:30</updated><published>2024-01-14T10:00:00Z</published>
        <author><name>Asha</name></author><category term="politics"/>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></content>
        </entry></feed>
        """);

    RawItem e = items.get(0);
    assertThat(e.guid()).contains("urn:e1");
    assertThat(e.link()).contains("https://x.example/e1");
    assertThat(e.contentHtml()).hasValueSatisfying(c -> assertThat(c).doesNotStartWith("<div").contains("<p>Body</p>"));
    assertThat(e.authors()).containsExactly("Asha");
    assertThat(e.categories()).containsExactly("politics");
    assertThat(e.language()).contains("hi");
    assertThat(e.publishedAt()).contains(Instant.parse("2024-01-14T10:00:00Z"));
    assertThat(e.updatedAt()).contains(Instant.parse("2024-01-14T22:30:00Z"));
  }

  @Test
  void rss10WithDublinCoreDates() {
    List<RawItem> items = items("""
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel rdf:about="https://x.example/"><title>RDF</title><link>https://x.example/</link>
            <description>d</description></channel>
          <item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link>
            <dc:date>2024-01-15T10:30:00+05:30</dc:date><dc:creator>PTI</dc:creator></item>
        </rdf:RDF>
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.publishedAt()).contains(Instant.parse("2024-01-15T05:00:00Z"));
      assertThat(i.authors()).containsExactly("PTI");
      assertThat(i.link()).contains("https://x.example/1");
    });
  }

  @Test
  void jsonFeed11() {
    List<RawItem> items = items("""
        {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "language": "en-IN",
         "items": [
           {"id": "1", "url": "https://x.example/1", "title": "One", "content_html": "<p>Hi</p>",
            "summary": "s", "date_published": "2024-01-15T10:30:00+05:30", "tags": ["a"],
            "authors": [{"name": "Ravi"}]},
           {"id": 2, "content_text": "plain <text>", "date_modified": "2024-01-15T00:00:00Z"}
         ]}
        """);

    assertThat(items).hasSize(2);
    assertThat(items.get(0).contentHtml()).contains("<p>Hi</p>");
    assertThat(items.get(0).authors()).containsExactly("Ravi");
    assertThat(items.get(0).language()).contains("en-IN");
    assertThat(items.get(0).publishedAt()).contains(Instant.parse("2024-01-15T05:00:00Z"));
    assertThat(items.get(1).identity()).isEqualTo("2");
    assertThat(items.get(1).contentHtml()).contains("plain &lt;text&gt;");
  }

  @Test
  void jsonFeed10WithASingleAuthor() {
    List<RawItem> items = items("""
        {"version": "https://jsonfeed.org/version/1", "title": "JSON",
         "author": {"name": "Desk"},
         "items": [{"id": "a", "url": "https://x.example/a", "content_text": "t"}]}
        """);

    assertThat(items.get(0).authors()).containsExactly("Desk");
  }

  @Test
  void jsonThatIsNotAJsonFeedIsAFormatError() {
    ParseOutcome outcome = new FeedParser().parse("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8), Optional.empty());
    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class, u -> assertThat(u.kind()).isEqualTo("format"));
  }

  @Test
  void duplicateGuidsKeepDistinctItemsAndMissingIdsFallBackToLinkThenHash() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>t</title>
        <item><guid>same</guid><title>First</title></item>
        <item><guid>same</guid><title>Second</title></item>
        <item><link>https://x.example/only-link</link><title>Link only</title></item>
        <item><title>Nothing else</title><description>body</description></item>
        <item><title>Nothing else</title><description>body</description></item>
        </channel></rss>
        """);

    assertThat(items).extracting(RawItem::identity).doesNotHaveDuplicates();
    assertThat(items.get(0).identity()).isEqualTo("same");
    assertThat(items.get(1).identity()).isEqualTo("same#2");
    assertThat(items.get(2).identity()).isEqualTo("https://x.example/only-link");
    assertThat(items.get(3).identity()).startsWith("sha256:");
    assertThat(items.get(4).identity()).isEqualTo(items.get(3).identity() + "#2");
  }

  @Test
  void istMeansIndiaByDefaultAndIsraelWhenTheFeedSaysSo() {
    String rss = """
        <rss version="2.0"><channel><title>t</title>
        <item><guid>1</guid><pubDate>Mon, 15 Jan 2024 10:30:00 IST</pubDate></item></channel></rss>
        """;
    assertThat(items(rss).get(0).publishedAt()).contains(Instant.parse("2024-01-15T05:00:00Z"));
    assertThat(items(rss, Map.of("IST", "Asia/Jerusalem")).get(0).publishedAt())
        .contains(Instant.parse("2024-01-15T08:30:00Z"));
  }

  @Test
  void anUnparseableDateKeepsItsTextAndTheFetchTimeStandsIn() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>t</title>
        <item><guid>1</guid><pubDate>yesterday-ish</pubDate></item></channel></rss>
        """);

    assertThat(items.get(0).publishedAt()).contains(FETCHED);
    assertThat(items.get(0).dateProblems()).singleElement().asString().contains("'yesterday-ish'").contains("fetch time");
  }

  @Test
  void aDateFarInTheFutureIsClampedAndFlagged() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>t</title>
        <item><guid>1</guid><pubDate>Fri, 15 Jan 2044 10:30:00 GMT</pubDate></item></channel></rss>
        """);

    assertThat(items.get(0).publishedAt()).contains(FETCHED);
    assertThat(items.get(0).dateProblems()).singleElement().asString().contains("future");
  }

  @Test
  void ttlAndSyndicationPeriodAreRead() {
    ParsedFeed ttl = parse("<rss version=\"2.0\"><channel><title>t</title><ttl>60</ttl></channel></rss>");
    ParsedFeed sy = parse("""
        <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>
        <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>
        """);

    assertThat(ttl.ttl()).contains(Duration.ofMinutes(60));
    assertThat(sy.updatePeriod()).contains(Duration.ofMinutes(30));
  }

  @Test
  void markupWithNoElementInItIsAClearErrorNotAnException() {
    ParseOutcome outcome = new FeedParser().parse("<!-- nothing --> < >".getBytes(StandardCharsets.UTF_8), Optional.empty());
    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class, u -> {
      assertThat(u.kind()).isEqualTo("xml");
      assertThat(u.message()).contains("not well-formed XML, even after repair");
    });
  }

  @Test
  void wellFormedXmlThatIsNoFeedIsAClearError() {
    ParseOutcome outcome = new FeedParser().parse("<notes><note>hi</note></notes>".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class, u -> {
      assertThat(u.kind()).isEqualTo("format");
      assertThat(u.message()).contains("not a feed Rome can read (root element <notes>)");
    });
  }

  @Test
  void utf16WithAndWithoutAByteOrderMark() {
    String rss = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>t</title>"
        + "<item><title>\u0928\u092e\u0938\u094d\u0924\u0947</title><guid>1</guid></item></channel></rss>";
    assertThat(parse(rss.getBytes(StandardCharsets.UTF_16)).entries().get(0).title()).contains("\u0928\u092e\u0938\u094d\u0924\u0947");
    assertThat(parse(rss.getBytes(StandardCharsets.UTF_16LE)).entries().get(0).title()).contains("\u0928\u092e\u0938\u094d\u0924\u0947");
  }

  @Test
  void jsonFeedTextIsNotTouchedByXmlRepairs() {
    List<RawItem> items = items("""
        {"version": "https://jsonfeed.org/version/1.1", "title": "Q&A",
         "items": [{"id": "1", "title": "Q&A &nbsp;", "content_text": "Tom & Jerry"}]}
        """);

    assertThat(items.get(0).title()).contains("Q&A &nbsp;");
    assertThat(items.get(0).contentHtml()).contains("Tom &amp; Jerry");
  }

  @Test
  void anHtmlPageIsNamedAsSuch() {
    ParseOutcome outcome = new FeedParser().parse(
        "<!DOCTYPE html>\n<html lang=en><head><title>Home</title></head></html>".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    assertThat(outcome).isInstanceOfSatisfying(ParseOutcome.Unreadable.class,
        u -> assertThat(u.message()).isEqualTo("not a feed: an HTML page"));
  }

  @Test
  void theLastNonEmptyPubDateOfAnItemWinsWhereverItStands() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>T</title>
        <item><pubDate>Mon, 15 Jan 2024 01:00:00 GMT</pubDate><title>One</title><guid>1</guid>
          <pubDate> </pubDate><pubDate>Mon, 15 Jan 2024 02:00:00 GMT</pubDate></item>
        </channel></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> assertThat(i.publishedAt())
        .contains(Instant.parse("2024-01-15T02:00:00Z")));
  }

  @Test
  void itemsRomeDoesNotSeeMakeTheOthersFallBackToRomesDates() {
    // <x:item> counts as an item element but not for Rome: entries and elements are not aligned
    List<RawItem> items = items("""
        <rss version="2.0" xmlns:x="urn:x"><channel><title>T</title>
        <item><title>One</title><guid>1</guid><pubDate>Mon, 15 Jan 2024 03:00:00 GMT</pubDate></item>
        <x:item><title>Other</title></x:item>
        </channel></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> assertThat(i.publishedAt())
        .contains(Instant.parse("2024-01-15T03:00:00Z")));
  }

  @Test
  void escapedC1ReferencesAndDoubleEncodedUtf8InItemTextAreRepaired() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>caf\u00C3\u00A9 \u00E2\u20AC\u201C bar</title><guid>1</guid>
          <description>a &amp;#150; b &amp;#X41; plain</description></item>
        </channel></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.title()).contains("caf\u00E9 \u2013 bar");
      assertThat(i.summaryHtml()).contains("a &#x2013; b &#x41; plain");
    });
  }
}
