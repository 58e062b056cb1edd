package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * #16: feeds that other readers accept are read, not rejected; no word, link or date is lost; every
 * repair is named on the item it concerns. One test per class of defect.
 */
class RecoveryTest {
  private static final URI FETCHED_FROM = URI.create("https://news.example/feeds/world.xml");
  private static final Instant FETCHED = Instant.parse("2024-01-15T06:00:00Z");
  private static final FeedInfo INFO = new FeedInfo("f", FETCHED_FROM, Optional.empty());

  private static ParsedFeed parsed(String body) {
    ParseOutcome outcome = new FeedParser().parse(body.getBytes(StandardCharsets.UTF_8), Optional.empty(),
        Optional.of(FETCHED_FROM));
    assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
    return ((ParseOutcome.Parsed) outcome).feed();
  }

  private static List<RawItem> items(String body) {
    return ItemMapper.items(parsed(body), INFO, FETCHED, new DateParser(ParseSettings.DEFAULT_ZONE_ABBREVIATIONS),
        Duration.ofDays(1));
  }

  private static List<String> kinds(RawItem item) {
    return item.quality().repairs().stream().map(Repair::kind).toList();
  }

  @Test
  void anUndeclaredPrefixIsBoundAndItsElementsAreRead() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title><guid>1</guid><dc:creator>Asha Rao</dc:creator></item>
        <item><title>Two</title><guid>2</guid><x:rating>5</x:rating></item>
        </channel></rss>
        """);

    assertThat(items).hasSize(2);
    assertThat(items.get(0).authors()).containsExactly("Asha Rao");
    assertThat(items.get(0).quality().repairs()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("undeclared-prefix");
      assertThat(r.where()).isEqualTo("dc:creator");
      assertThat(r.detail()).contains("dc bound to http://purl.org/dc/elements/1.1/");
    });
    assertThat(items.get(1).quality().repairs()).singleElement().satisfies(r ->
        assertThat(r.detail()).contains("x bound to urn:feedpipe:undeclared:x"));
  }

  @Test
  void mismatchedAndUnclosedTagsAreClosedWhereTheyEnd() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>One <b>bold</title><guid>1</guid><description>Hello</description></item>
        <item><title>Two</title><guid>2</guid><description>Line<br>next line</i></description></item>
        <item><title>Three</title><guid>3</guid></item>
        </channel></rss>
        """);

    assertThat(items).extracting(i -> i.title().orElseThrow()).containsExactly("One <b>bold</b>", "Two", "Three");
    assertThat(items.get(1).summaryHtml()).contains("Line<br>next line</br>");
    assertThat(kinds(items.get(0))).contains("mismatched-tag", "unescaped-markup");
    assertThat(items.get(1).quality().repairs()).filteredOn(r -> r.kind().equals("mismatched-tag"))
        .extracting(Repair::detail).containsExactly("2 × end tags that did not match: stray </i> dropped; "
            + "</description> closed <br> left open");
    assertThat(items.get(2).quality().repairs()).isEmpty();
  }

  @Test
  void aControlCharacterInATitleIsDropped() {
    List<RawItem> items = items("<rss version=\"2.0\"><channel><title>T</title>"
        + "<item><title>Budget\b 2024</title><guid>1</guid></item></channel></rss>");

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.title()).contains("Budget 2024");
      assertThat(i.quality().repairs()).singleElement().satisfies(r -> {
        assertThat(r.kind()).isEqualTo("control-char");
        assertThat(r.where()).isEqualTo("title");
        assertThat(r.detail()).contains("U+0008");
      });
    });
  }

  @Test
  void whitespaceAroundANamespaceUriIsDropped() {
    ParsedFeed feed = parsed("""
        <rss version="2.0" xmlns:dc=" http://purl.org/dc/elements/1.1/ "><channel><title>T</title>
        <item><title>One</title><guid>1</guid><dc:creator>Asha Rao</dc:creator></item></channel></rss>
        """);

    assertThat(feed.entries()).singleElement().satisfies(e -> assertThat(e.authors()).containsExactly("Asha Rao"));
    assertThat(feed.repairs()).extracting(Repair::kind).containsExactly("namespace-whitespace");
    assertThat(items("""
        <rss version="2.0" xmlns:dc=" http://purl.org/dc/elements/1.1/ "><channel><title>T</title>
        <item><title>One</title><guid>1</guid></item></channel></rss>
        """).get(0).quality().repairs()).singleElement().satisfies(r -> assertThat(r.where()).isEqualTo("feed/rss"));
  }

  @Test
  void anAtomLinkWithoutHrefIsDroppedInsteadOfFailingTheFeed() {
    ParsedFeed feed = parsed("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id><link rel="self"/>
        <link rel="alternate">https://news.example/</link>
        <entry><title>One</title><id>urn:1</id><updated>2024-01-02T03:04:05Z</updated></entry></feed>
        """);

    assertThat(feed.entries()).hasSize(1);
    assertThat(feed.link()).contains("https://news.example/");
    assertThat(feed.repairs()).extracting(Repair::detail)
        .containsExactly("<link rel=\"self\"> without href dropped", "URL given as the link's text read as its href");
  }

  @Test
  void aJsonFeedWithABareVersionIsRead() {
    List<RawItem> items = items("""
        {"version": "1.1", "title": "J", "home_page_url": "https://news.example/",
         "items": [{"id": "1", "url": "/a", "content_text": "Hello"}]}
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.link()).contains("https://news.example/a");
      assertThat(i.quality().linkSource()).contains("url");
      assertThat(kinds(i)).containsExactly("json-version", "relative-link");
    });
  }

  @Test
  void atom03Base64ConstructsAreDecodedNotACrash() {
    List<RawItem> items = items("""
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>
        <entry><title mode="base64">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title><id>1</id>
          <summary type="text/html" mode="base64">U3VtbWFyeSB0ZXh0</summary>
          <content type="text/html" mode="base64">PHA+SGVsbG8gd29ybGQ8L3A+</content></entry>
        </feed>
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.title()).contains("Example <b>Atom</b>");
      assertThat(i.summaryHtml()).contains("Summary text");
      assertThat(i.contentHtml()).contains("<p>Hello world</p>");
      assertThat(kinds(i)).containsExactly("base64", "base64", "base64");
    });
  }

  @Test
  void htmlContentWithChildElementsKeepsEveryWord() {
    List<RawItem> items = items("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id>
        <entry><title>One</title><id>urn:1</id><content type="html">Example <a href="/x">test</a> words</content></entry>
        <entry><title>Two</title><id>urn:2</id>
          <content type="html"><div xmlns="http://www.w3.org/1999/xhtml">Example &lt;b&gt;Atom&lt;/b&gt;</div></content></entry>
        </feed>
        """);

    assertThat(items.get(0).contentHtml()).contains("Example <a href=\"/x\">test</a> words");
    assertThat(items.get(1).contentHtml()).contains("Example <b>Atom</b>");
    assertThat(items).allSatisfy(i -> assertThat(kinds(i)).containsExactly("unescaped-markup"));
  }

  @Test
  void nakedMarkupInRssTitlesAndDescriptionsIsKept() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>T</title>
        <item><guid>1</guid><title>Big <b>news</b> today</title><description><p>Para <b>one</b></p> tail</description></item>
        </channel></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.title()).contains("Big <b>news</b> today");
      assertThat(i.summaryHtml()).contains("<p>Para <b>one</b></p> tail");
      assertThat(i.quality().repairs()).extracting(Repair::where).containsExactly("title", "description");
    });
  }

  @Test
  void binaryContentIsDroppedWithANoteAndTextInAnyTypeIsDecoded() {
    List<RawItem> items = items("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id>
        <entry><title>Picture</title><id>urn:1</id><summary>A picture</summary>
          <content type="image/png">iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk</content></entry>
        <entry><title>Text</title><id>urn:2</id><content type="application/octet-stream">RW50cnkgQ29udGVudA==</content></entry>
        </feed>
        """);

    assertThat(items.get(0).contentHtml()).isEmpty();
    assertThat(items.get(0).summaryHtml()).contains("A picture");
    assertThat(items.get(0).quality().repairs()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("binary-dropped");
      assertThat(r.detail()).isEqualTo("image/png content of 45 bytes dropped: it is not text");
    });
    assertThat(items.get(1).contentHtml()).contains("Entry Content");
    assertThat(kinds(items.get(1))).containsExactly("base64");
  }

  @Test
  void relativeLinksAreResolvedAgainstXmlBaseTheChannelLinkOrTheFetchedUrl() {
    List<RawItem> rss = items("""
        <rss version="2.0"><channel><title>T</title><link>https://site.example/news/</link>
        <item><title>One</title><link>/post/1</link><description>See &lt;a href="more"&gt;more&lt;/a&gt;</description></item>
        <item><title>Two</title><link>https://other.example/2</link></item>
        </channel></rss>
        """);
    List<RawItem> noChannelLink = items("""
        <rss version="2.0"><channel><title>T</title><item><title>One</title><link>post/1</link></item></channel></rss>
        """);
    List<RawItem> atom = items("""
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/"><title>T</title><id>urn:f</id>
        <entry xml:base="2024/"><title>One</title><id>urn:1</id><link href="first.html"/>
          <content type="html" xml:base="/media/">&lt;img src="a.png"&gt;</content></entry>
        </feed>
        """);

    assertThat(rss.get(0).link()).contains("https://site.example/post/1");
    assertThat(rss.get(0).contentBase()).isEmpty(); // its own link is the base of its links
    assertThat(rss.get(0).quality().repairs()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("relative-link");
      assertThat(r.detail()).isEqualTo("'/post/1' resolved against the channel link https://site.example/news/: "
          + "https://site.example/post/1");
    });
    assertThat(rss.get(1).link()).contains("https://other.example/2");
    assertThat(rss.get(1).quality().repairs()).isEmpty();
    assertThat(noChannelLink.get(0).link()).contains("https://news.example/feeds/post/1");
    assertThat(atom.get(0).link()).contains("https://site.example/blog/2024/first.html");
    assertThat(atom.get(0).contentBase()).contains(URI.create("https://site.example/media/"));
  }

  @Test
  void atomContentAndMediaDescriptionInRssItemsAreReadInTheirPrecedence() {
    List<RawItem> items = items("""
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
             xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
        <item><guid>1</guid><atom:content type="html">&lt;p&gt;Atom body&lt;/p&gt;</atom:content>
          <media:description>Media words</media:description></item>
        <item><guid>2</guid><content:encoded>&lt;p&gt;Encoded&lt;/p&gt;</content:encoded>
          <atom:content type="html">&lt;p&gt;Atom body&lt;/p&gt;</atom:content><description>Desc</description></item>
        <item><guid>3</guid><media:group><media:description>Grouped media words</media:description></media:group></item>
        </channel></rss>
        """);

    assertThat(items.get(0).contentHtml()).contains("<p>Atom body</p>");
    assertThat(items.get(0).summaryHtml()).contains("Media words");
    assertThat(items.get(1).contentHtml()).contains("<p>Encoded</p>");
    assertThat(items.get(1).summaryHtml()).contains("Desc");
    assertThat(items.get(2).summaryHtml()).contains("Grouped media words");
  }

  @Test
  void anAtomEntryWithOnlyUpdatedIsPublishedAtItToTheGivenPrecision() {
    List<RawItem> items = items("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id>
        <entry><title>One</title><id>urn:1</id><updated>2024-01-02T03:04:05.123+01:00</updated></entry>
        <entry><title>Two</title><id>urn:2</id><published>2024-01-01T00:00:00.5Z</published>
          <updated>2024-01-02T00:00:00Z</updated></entry>
        </feed>
        """);

    assertThat(items.get(0).publishedAt()).contains(Instant.parse("2024-01-02T02:04:05.123Z"));
    assertThat(items.get(0).quality().dateSource()).contains("updated");
    assertThat(items.get(1).publishedAt()).contains(Instant.parse("2024-01-01T00:00:00.500Z"));
    assertThat(items.get(1).quality().dateSource()).contains("published");
  }

  @Test
  void sourcesOfDateLinkAndIdentityAreNamed() {
    List<RawItem> items = items("""
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
        <item><title>A</title><guid isPermaLink="true">https://news.example/a</guid><dc:date>2024-01-02</dc:date></item>
        <item><title>B</title><link>https://news.example/b</link><pubDate>not a date</pubDate></item>
        <item><title>C</title></item>
        </channel></rss>
        """);

    assertThat(items.get(0).quality()).satisfies(q -> {
      assertThat(q.dateSource()).contains("dc:date");
      assertThat(q.linkSource()).contains("guid");
      assertThat(q.guidSource()).contains("guid");
    });
    assertThat(items.get(1).quality()).satisfies(q -> {
      assertThat(q.dateSource()).contains("fetched");
      assertThat(q.guidSource()).contains("link");
      assertThat(q.repairs()).extracting(Repair::kind).containsExactly("unparseable-date");
    });
    assertThat(items.get(2).quality()).satisfies(q -> {
      assertThat(q.dateSource()).isEmpty();
      assertThat(q.linkSource()).isEmpty();
      assertThat(q.guidSource()).contains("derived");
    });
  }

  @Test
  void anEntryThatCannotBeReadCostsOnlyItself() {
    ParsedFeed feed = parsed("""
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>
        <entry><title>One</title><id>1</id></entry>
        <entry><title>Broken</title><id>2</id><content mode="mystery" type="text/html">?</content></entry>
        <entry><title>Three</title><id>3</id></entry>
        </feed>
        """);

    assertThat(feed.entries()).extracting(e -> e.title().orElseThrow()).containsExactly("One", "Three");
    assertThat(feed.unreadable()).singleElement().satisfies(u -> {
      assertThat(u.index()).isEqualTo(1);
      assertThat(u.reason()).contains("Invalid mode [mystery]");
      assertThat(u.markup()).startsWith("<entry").contains("<title>Broken</title>");
    });
  }

  @Test
  void anExtensionRomeCannotReadCostsNothing() {
    List<RawItem> items = items("""
        <rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>T</title>
        <item><title>One</title><guid>1</guid><slash:hit_parade>a,b,c</slash:hit_parade></item>
        <item><title>Two</title><guid>2</guid></item>
        </channel></rss>
        """);

    assertThat(items).extracting(i -> i.title().orElseThrow()).containsExactly("One", "Two");
    assertThat(items.get(0).quality().repairs()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("malformed-markup");
      assertThat(r.detail()).contains("NumberFormatException").endsWith("without its extension elements slash:hit_parade");
    });
  }

  @Test
  void anEntryTheDocumentIsCutOffInsideIsUnreadableAndTheOthersAreRead() {
    ParsedFeed feed = parsed("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title><guid>1</guid></item>
        <item><title>Two</title><guid>2</guid><description>The text stops he""");

    assertThat(feed.entries()).extracting(e -> e.title().orElseThrow()).containsExactly("One");
    assertThat(feed.unreadable()).singleElement().satisfies(u -> {
      assertThat(u.index()).isEqualTo(1);
      assertThat(u.reason()).isEqualTo("the document ends inside this entry: it was cut off");
      assertThat(u.markup()).contains("The text stops he");
    });
    assertThat(feed.repairs()).isEmpty(); // the cut is the dead letter's reason, not a repair of the feed
  }

  @Test
  void aDoctypeWithPlainEntitiesIsReadAndItsEntitiesExpanded() {
    List<RawItem> items = items("""
        <!DOCTYPE rss [<!ENTITY site "news.example"><!ENTITY % lat1 PUBLIC "-//W3C//ENTITIES Latin 1//EN" "x.ent">%lat1;]>
        <rss version="2.0"><channel><title>T</title>
        <item><title>On &site;&nbsp;today</title><guid>tag:&site;,2024:1</guid></item></channel></rss>
        """);

    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i.title()).contains("On news.example\u00a0today");
      assertThat(i.guid()).contains("tag:news.example,2024:1");
      assertThat(i.quality().repairs()).extracting(Repair::kind).containsExactly("doctype", "html-entity");
    });
  }

  @Test
  void repairsAreFiledUnderTheEntryTheyWereFoundIn() {
    List<RawItem> items = items("""
        <rss version="2.0"><channel><title>Q&A</title>
        <item><title>One</title><guid>1</guid></item>
        <item><title>Two &mdash; here</title><guid>2</guid></item>
        </channel></rss>
        """);

    assertThat(items.get(0).quality().repairs()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("bare-ampersand");
      assertThat(r.where()).isEqualTo("feed/title");
    });
    assertThat(items.get(1).quality().repairs()).extracting(r -> r.kind() + " " + r.where())
        .containsExactly("bare-ampersand feed/title", "html-entity title");
  }
}
