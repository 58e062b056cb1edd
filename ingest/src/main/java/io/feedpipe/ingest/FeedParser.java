package io.feedpipe.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jspecify.annotations.Nullable;

/**
 * Reads a body as RSS 0.9x/1.0/2.0, Atom 0.3/1.0 (Rome, on a JDOM document built by {@link
 * SafeXml}) or JSON Feed 1.0/1.1 (Jackson). Lenient where the meaning is clear (see {@link
 * XmlRepair}; an {@code <rss>} without {@code <channel>} gets one; an unknown RSS version is read as
 * 2.0); everything else is an {@link ParseOutcome.Unreadable}, never an exception. Thread-safe.
 */
final class FeedParser {
  private static final Namespace SY = Namespace.getNamespace("http://purl.org/rss/1.0/modules/syndication/");
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final String MEDIA = "http://search.yahoo.com/mrss/";
  private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  private static final Namespace ATOM_10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
  private static final Namespace ATOM_03 = Namespace.getNamespace("http://purl.org/atom/ns#");
  private static final Pattern XHTML_NS = Pattern.compile("\\s+xmlns=\"http://www\\.w3\\.org/1999/xhtml\"");
  /** What every match of {@link #XHTML_NS} contains. */
  private static final String XHTML_NS_LITERAL = "xmlns=\"http://www.w3.org/1999/xhtml\"";
  private static final java.nio.charset.Charset WINDOWS_1252 = java.nio.charset.Charset.forName("windows-1252");
  private static final java.util.Map<String, String> RSS_NAMES = java.util.stream.Stream.of(
      "rss", "channel", "item", "title", "link", "description", "language", "copyright", "managingEditor",
      "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "url",
      "width", "height", "rating", "textInput", "name", "skipHours", "skipDays", "hour", "day", "author",
      "comments", "enclosure", "guid", "source")
      .collect(java.util.stream.Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), n -> n));
  private static final Pattern DOUBLE_ENCODED = Pattern.compile(
      "[\\u00C2-\\u00F4][\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160"
          + "\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A"
          + "\\u0153\\u017E\\u0178]{1,3}");
  private static final Pattern C1_REFERENCE = Pattern.compile("&#(1[2-5][0-9]);");
  private static final Pattern NAME_WITH_EMAIL = Pattern.compile("^(.*?)\\s*[(<]\\s*(.*?)\\s*[)>]\\s*$");
  private static final Pattern XHTML_WRAPPER = Pattern.compile("^\\s*<div\\b[^>]*>(.*)</div>\\s*$", Pattern.DOTALL);
  private static final Pattern KNOWN_RSS = Pattern.compile("0\\.9[0-4]|2\\.0");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The elements whose last non-empty text is an entry's raw published date, first name present first. */
  private static final String[] PUBLISHED_NAMES = {"pubDate", "published", "issued", "created", "date"};

  ParseOutcome parse(byte[] body, Optional<String> contentType) {
    if (body.length == 0) {
      return new ParseOutcome.Unreadable("empty", "the body is empty");
    }
    TextDecoder.Result decoded = TextDecoder.decode(body, contentType);
    if (decoded instanceof TextDecoder.Undecodable(String message)) {
      return new ParseOutcome.Unreadable("charset", message);
    }
    TextDecoder.Decoded text = (TextDecoder.Decoded) decoded;
    List<String> notes = text.note().map(List::of).orElse(List.of());
    String trimmed = text.text().replace("\uFEFF", "").strip();
    if (trimmed.isEmpty()) {
      return new ParseOutcome.Unreadable("empty", "the body holds only whitespace");
    }
    try {
      if (trimmed.charAt(0) == '{') {
        return JsonFeedReader.read(JSON, trimmed, notes); // JSON gets no XML repairs
      }
      String head = trimmed.substring(0, Math.min(trimmed.length(), 512)).toLowerCase(Locale.ROOT);
      if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html")
          && !head.contains("<rss") && !head.contains("<feed") && !head.contains("<rdf")) {
        return new ParseOutcome.Unreadable("format", "not a feed: an HTML page");
      }
      String repaired = XmlRepair.repair(trimmed);
      if (repaired.charAt(0) != '<') {
        return new ParseOutcome.Unreadable("format", "not a feed: the body starts with '"
            + abbreviate(repaired, 40) + "', neither XML nor JSON");
      }
      return readXml(repaired, notes);
    } catch (RuntimeException e) {
      // Rome and JDOM throw unchecked exceptions on some broken input; they are data here.
      return new ParseOutcome.Unreadable("format", "the feed could not be read: " + e);
    }
  }

  private ParseOutcome readXml(String xml, List<String> notes) {
    Document document;
    try {
      document = SafeXml.parse(xml);
    } catch (JDOMException | IOException e) {
      return new ParseOutcome.Unreadable("xml", "not well-formed XML: " + e.getMessage());
    }
    if (document.getRootElement().getName().equalsIgnoreCase("channel")) {
      document = new Document(cdfAsRss(document.getRootElement()));
    }
    Element root = document.getRootElement();
    String rootName = root.getName();
    if (rootName.equalsIgnoreCase("html")) {
      return new ParseOutcome.Unreadable("format", "not a feed: an HTML page");
    }
    normalizeNamespace(root);
    decodeBase64Constructs(root);
    hrefFromLinkText(root);
    if (rootName.equals("rss")) {
      repairRss(root);
    }
    List<Element> itemElements = itemElements(root);
    // Rome parses every item's pubDate (twice, trying a dozen SimpleDateFormats each time), but
    // entry() reads the raw text instead whenever the item has one; those pubDates are hidden
    // from Rome while it builds and put back before anything else reads the document.
    List<Hidden> hidden = rootName.equals("rss") ? hidePubDatesReadRaw(itemElements) : List.of();
    SyndFeed feed;
    try {
      try {
        feed = romeFeed(document);
      } finally {
        restore(hidden);
      }
      if (itemElements.size() != feed.getEntries().size() && !hidden.isEmpty()) {
        feed = romeFeed(document); // entries fall back to Rome's dates when not aligned with the elements: read them after all
      }
    } catch (FeedException | IllegalArgumentException e) {
      return new ParseOutcome.Unreadable("format", "not a feed Rome can read (root element <" + rootName + ">): "
          + e.getMessage());
    }
    List<SyndEntry> syndEntries = feed.getEntries();
    boolean aligned = itemElements.size() == syndEntries.size();
    List<ParsedFeed.Entry> entries = new ArrayList<>(syndEntries.size());
    for (int i = 0; i < syndEntries.size(); i++) {
      entries.add(entry(syndEntries.get(i), aligned ? itemElements.get(i) : null, feed.getLanguage()));
    }
    Element channel = rootName.equals("rss") ? root.getChild("channel")
        : rootName.equals("RDF") ? root.getChild("channel", root.getNamespace("")) : root;
    Optional<Element> channelElement = Optional.ofNullable(channel);
    return new ParseOutcome.Parsed(new ParsedFeed(
        feed.getFeedType(),
        markup(feed.getTitleEx()).or(() -> channelElement.flatMap(c -> childText(c, DC, "title"))),
        text(feed.getLink()),
        text(feed.getLanguage()).or(() -> channelElement.flatMap(c -> childText(c, DC, "language")))
            .or(() -> inheritedLanguage(root)).map(FeedParser::languageTag),
        entries,
        ttl(channel),
        updatePeriod(channel, root),
        notes));
  }

  /**
   * An {@code <rss>} in some namespace is read as plain RSS, a {@code <feed>} in an unknown
   * namespace as Atom (0.3 when it says {@code version="0.3"}, else 1.0): the meaning is clear.
   */
  private static void normalizeNamespace(Element root) {
    Namespace from = root.getNamespace();
    Namespace to;
    if (root.getName().equals("rss") && !from.equals(Namespace.NO_NAMESPACE)) {
      to = Namespace.NO_NAMESPACE;
    } else if (root.getName().equals("feed") && !from.equals(ATOM_10) && !from.equals(ATOM_03)) {
      to = "0.3".equals(root.getAttributeValue("version")) ? ATOM_03 : ATOM_10;
    } else {
      return;
    }
    for (Element e : root.getDescendants(org.jdom2.filter.Filters.element(null, from))) {
      e.setNamespace(to);
    }
    root.setNamespace(to);
  }

  private static SyndFeed romeFeed(Document document) throws FeedException {
    return new SyndFeedImpl(new WireFeedInput().build(document), true);
  }

  /** An element taken out of its parent at an index, to be put back. */
  private record Hidden(Element parent, int index, Element element) {}

  /**
   * Detaches the un-namespaced {@code <pubDate>} children (the ones Rome parses) of every item
   * whose published date {@link #entry} reads from the raw text ({@link #PUBLISHED_NAMES}), so
   * Rome's date for it, which would go unused, is never computed.
   */
  private static List<Hidden> hidePubDatesReadRaw(List<Element> items) {
    List<Hidden> hidden = new ArrayList<>();
    for (Element item : items) {
      if (item.getChild("pubDate") == null || lastChildText(item, PUBLISHED_NAMES).isEmpty()) {
        continue;
      }
      List<org.jdom2.Content> content = item.getContent();
      for (int i = content.size() - 1; i >= 0; i--) {
        if (content.get(i) instanceof Element child && child.getName().equals("pubDate")
            && child.getNamespace().equals(Namespace.NO_NAMESPACE)) {
          hidden.add(new Hidden(item, i, child));
          item.removeContent(i);
        }
      }
    }
    return hidden;
  }

  /** Puts the hidden elements back where they were (they were taken out last index first). */
  private static void restore(List<Hidden> hidden) {
    for (int i = hidden.size() - 1; i >= 0; i--) {
      Hidden h = hidden.get(i);
      h.parent().addContent(h.index(), h.element());
    }
  }

  /** An {@code <rss>} without {@code <channel>} gets one around its children; an unknown version becomes 2.0. */
  private static void repairRss(Element root) {
    for (Element e : root.getDescendants(org.jdom2.filter.Filters.element(null, Namespace.NO_NAMESPACE))) {
      String canonical = RSS_NAMES.get(e.getName().toLowerCase(Locale.ROOT));
      if (canonical != null && !canonical.equals(e.getName())) {
        e.setName(canonical); // <TITLE>, <PubDate>: the meaning is clear
      }
    }
    if (root.getChild("channel") == null) {
      Element channel = new Element("channel");
      List<Element> children = new ArrayList<>(root.getChildren());
      for (Element child : children) {
        child.detach();
        channel.addContent(child);
      }
      root.addContent(channel);
    }
    String version = Optional.ofNullable(root.getAttributeValue("version")).orElse("").strip();
    if (!KNOWN_RSS.matcher(version).matches()) {
      root.setAttribute("version", "2.0");
    }
  }

  private static List<Element> itemElements(Element root) {
    List<Element> items = new ArrayList<>();
    switch (root.getName()) {
      case "rss" -> {
        Element channel = root.getChild("channel");
        if (channel != null) {
          channel.getChildren().stream().filter(e -> e.getName().equals("item")).forEach(items::add);
        }
      }
      case "RDF" -> root.getChildren().stream().filter(e -> e.getName().equals("item")).forEach(items::add);
      case "feed" -> root.getChildren().stream().filter(e -> e.getName().equals("entry")).forEach(items::add);
      default -> { }
    }
    return items;
  }

  private static ParsedFeed.Entry entry(SyndEntry e, @Nullable Element element, @Nullable String feedLanguage) {
    Optional<String> guid = Optional.empty();
    Object wireEntry = e.getWireEntry();
    if (wireEntry instanceof Item item && item.getGuid() != null) {
      guid = text(item.getGuid().getValue());
    } else if (wireEntry instanceof Entry atom) {
      guid = text(atom.getId());
    } else if (wireEntry == null) {
      guid = text(e.getUri());
    }
    Optional<String> summary = Optional.ofNullable(e.getDescription()).flatMap(FeedParser::html);
    Optional<String> content = Optional.empty();
    for (SyndContent c : e.getContents()) {
      content = html(c);
      if (content.isPresent()) {
        break;
      }
    }
    java.util.LinkedHashSet<String> authors = new java.util.LinkedHashSet<>();
    for (SyndPerson p : e.getAuthors()) {
      text(p.getName()).map(FeedParser::personName).or(() -> text(p.getEmail())).ifPresent(authors::add);
    }
    java.util.LinkedHashSet<String> categories = new java.util.LinkedHashSet<>();
    for (SyndCategory c : e.getCategories()) {
      text(c.getName()).ifPresent(categories::add);
    }
    Optional<String> title = markup(e.getTitleEx()).or(() -> text(e.getTitle()));
    Optional<String> link = text(e.getLink()).or(() -> firstLink(e));
    if (element != null) {
      // What Rome leaves out but feeds use: Dublin Core, Media RSS and iTunes fallbacks.
      if (wireEntry instanceof Item) {
        for (Element child : element.getChildren()) {
          String ns = child.getNamespaceURI();
          boolean person = (ns.isEmpty() && child.getName().equals("author"))
              || (sameNs(ns, DC) && (child.getName().equals("creator") || child.getName().equals("author")))
              || (sameNs(ns, ITUNES) && child.getName().equals("author"));
          if (person) {
            text(child.getText()).map(FeedParser::personName).ifPresent(authors::add);
          }
        }
      }
      if (authors.isEmpty()) {
        text(e.getAuthor()).map(FeedParser::personName).ifPresent(authors::add);
      }
      for (Element child : element.getDescendants(org.jdom2.filter.Filters.element())) {
        String ns = child.getNamespaceURI();
        if ((sameNs(ns, DC) && child.getName().equals("subject")) || (sameNs(ns, MEDIA) && child.getName().equals("category"))) {
          text(child.getText()).ifPresent(categories::add);
        } else if (sameNs(ns, ITUNES) && child.getName().equals("category")) {
          text(child.getAttributeValue("text")).ifPresent(categories::add);
        }
      }
      title = title.or(() -> childText(element, DC, "title")).or(() -> childText(element, MEDIA, "title"));
      summary = summary.or(() -> childText(element, DC, "description")).or(() -> childText(element, ITUNES, "summary"))
          .or(() -> childText(element, MEDIA, "description"));
      if (guid.isEmpty() && element.getName().equals("item")) {
        guid = text(element.getAttributeValue("about", Namespace.getNamespace(RDF)));
      }
    } else if (authors.isEmpty()) {
      text(e.getAuthor()).map(FeedParser::personName).ifPresent(authors::add);
    }
    Optional<String> language = Optional.empty();
    Optional<String> rawPublished = Optional.empty();
    Optional<String> rawUpdated = Optional.empty();
    if (element != null) {
      language = inheritedLanguage(element);
      rawPublished = lastChildText(element, PUBLISHED_NAMES);
      rawUpdated = lastChildText(element, "updated", "modified", "date");
    }
    return new ParsedFeed.Entry(
        guid,
        link,
        title,
        summary,
        content,
        List.copyOf(authors),
        List.copyOf(categories),
        language.or(() -> text(feedLanguage)).map(FeedParser::languageTag),
        rawPublished,
        rawUpdated,
        instant(e.getPublishedDate()),
        instant(e.getUpdatedDate()));
  }

  /** The nearest xml:lang on the element or an ancestor. */
  private static Optional<String> inheritedLanguage(Element element) {
    for (Element e = element; e != null; e = e.getParentElement()) {
      Optional<String> lang = text(e.getAttributeValue("lang", Namespace.XML_NAMESPACE));
      if (lang.isPresent()) {
        return lang;
      }
    }
    return Optional.empty();
  }

  /** The last non-empty child of the first name present: a repeated date element's last value wins. */
  private static Optional<String> lastChildText(Element element, String... names) {
    for (String name : names) {
      Optional<String> last = Optional.empty();
      for (Element child : element.getChildren()) {
        if (child.getName().equals(name)) {
          Optional<String> t = text(child.getText());
          if (t.isPresent()) {
            last = t;
          }
        }
      }
      if (last.isPresent()) {
        return last;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> childText(Element element, String... names) {
    for (String name : names) {
      for (Element child : element.getChildren()) {
        if (child.getName().equals(name)) {
          Optional<String> t = text(child.getText());
          if (t.isPresent()) {
            return t;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> html(SyndContent c) {
    return markup(c);
  }

  /**
   * A text construct's value: Atom 1.0 XHTML loses its wrapper {@code <div>}, and serialised XHTML
   * loses the XHTML namespace declaration (the markup is the same HTML without it).
   */
  private static Optional<String> markup(@Nullable SyndContent c) {
    if (c == null) {
      return Optional.empty();
    }
    Optional<String> value = text(c.getValue());
    String type = Optional.ofNullable(c.getType()).orElse("").toLowerCase(Locale.ROOT);
    if (value.isPresent() && type.contains("xhtml")) {
      String v = value.get();
      if (type.equals("xhtml")) {
        Matcher m = XHTML_WRAPPER.matcher(v);
        if (m.matches()) {
          v = m.group(1);
        }
      }
      value = Optional.of(v);
    }
    return value.map(FeedParser::referencesRepaired).map(FeedParser::undoDoubleEncoding).flatMap(FeedParser::text);
  }

  /**
   * Drops the XHTML namespace declaration, lower-cases {@code &#X}, and rewrites references to C1
   * code points ({@code &#150;}) as the windows-1252 characters they were meant to be. Each regex
   * runs only when its literal part occurs: most values contain neither.
   */
  private static String referencesRepaired(String v) {
    String s = v.contains(XHTML_NS_LITERAL) ? XHTML_NS.matcher(v).replaceAll("") : v;
    s = s.replace("&#X", "&#x");
    if (!s.contains("&#1")) {
      return s;
    }
    return C1_REFERENCE.matcher(s).replaceAll(m ->
        "&#x" + Integer.toHexString(new String(new byte[] {(byte) Integer.parseInt(m.group(1))}, WINDOWS_1252).charAt(0)) + ";");
  }

  /**
   * Repairs UTF-8 that was decoded as windows-1252 and encoded again ("â€¦" for "…"), a common
   * breakage in feeds; only sequences that form exactly one valid UTF-8 character are touched.
   */
  static String undoDoubleEncoding(String text) {
    if (!hasDoubleEncodingLead(text)) {
      return text; // every match starts with such a character: the regex would find nothing
    }
    return DOUBLE_ENCODED.matcher(text).replaceAll(m -> {
      String run = m.group();
      int lead = run.charAt(0);
      int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      if (run.length() < length) {
        return Matcher.quoteReplacement(run);
      }
      byte[] bytes = run.substring(0, length).getBytes(WINDOWS_1252);
      Optional<String> decoded = TextDecoder.strict(bytes, 0, java.nio.charset.StandardCharsets.UTF_8);
      if (bytes.length != length || decoded.isEmpty() || decoded.get().codePointCount(0, decoded.get().length()) != 1) {
        return Matcher.quoteReplacement(run);
      }
      return Matcher.quoteReplacement(decoded.get() + run.substring(length));
    });
  }

  /** Whether {@code text} has a character that can start a {@link #DOUBLE_ENCODED} match (U+00C2..U+00F4). */
  private static boolean hasDoubleEncodingLead(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\u00C2' && c <= '\u00F4') {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> firstLink(SyndEntry e) {
    Optional<String> any = Optional.empty();
    for (com.rometools.rome.feed.synd.SyndLink l : e.getLinks()) {
      Optional<String> href = text(l.getHref());
      if (href.isPresent() && (l.getRel() == null || l.getRel().equals("alternate"))) {
        return href;
      }
      any = any.or(() -> href);
    }
    return any;
  }

  /** "Name (mail)", "mail (Name)" and "Name <mail>" give Name; anything else stays as it is. */
  static String personName(String raw) {
    Matcher m = NAME_WITH_EMAIL.matcher(raw);
    if (m.matches()) {
      String outside = m.group(1).strip();
      String inside = m.group(2).strip();
      if (outside.contains("@") && !inside.isEmpty() && !inside.contains("@")) {
        return inside;
      }
      if (!outside.isEmpty() && inside.contains("@")) {
        return outside;
      }
    }
    return raw;
  }

  private static String languageTag(String lang) {
    return lang.replace('_', '-');
  }

  private static Optional<String> childText(Element element, String namespace, String name) {
    for (Element child : element.getDescendants(org.jdom2.filter.Filters.element())) {
      if (child.getName().equals(name) && sameNs(child.getNamespaceURI(), namespace)) {
        Optional<String> t = text(child.getText());
        if (t.isPresent()) {
          return t;
        }
      }
    }
    return Optional.empty();
  }

  /** Namespace URIs as feeds write them: case and a trailing slash vary (iTunes' "DTDs", Media RSS's "/"). */
  private static boolean sameNs(String actual, String expected) {
    String a = actual.endsWith("/") ? actual.substring(0, actual.length() - 1) : actual;
    String e = expected.endsWith("/") ? expected.substring(0, expected.length() - 1) : expected;
    return a.equalsIgnoreCase(e);
  }

 /**
   * Microsoft's Channel Definition Format (1997: {@code <CHANNEL HREF>} with {@code TITLE},
   * {@code ABSTRACT}, {@code ITEM HREF LASTMOD}) read as the RSS it maps to.
   */
  private static Element cdfAsRss(Element cdf) {
    Element rss = new Element("rss").setAttribute("version", "2.0");
    Element channel = new Element("channel");
    rss.addContent(channel);
    copyCdf(cdf, channel);
    for (Element item : cdf.getChildren()) {
      if (item.getName().equalsIgnoreCase("item")) {
        Element rssItem = new Element("item");
        copyCdf(item, rssItem);
        String lastmod = attributeIgnoringCase(item, "lastmod");
        if (lastmod != null) {
          rssItem.addContent(new Element("updated").setText(lastmod));
        }
        channel.addContent(rssItem);
      }
    }
    return rss;
  }

  private static void copyCdf(Element from, Element to) {
    String href = attributeIgnoringCase(from, "href");
    if (href != null) {
      to.addContent(new Element("link").setText(href));
    }
    for (Element child : from.getChildren()) {
      String name = child.getName().toLowerCase(Locale.ROOT);
      if (name.equals("title")) {
        to.addContent(new Element("title").setText(child.getText()));
      } else if (name.equals("abstract")) {
        to.addContent(new Element("description").setText(child.getText()));
      }
    }
  }

  private static @Nullable String attributeIgnoringCase(Element e, String name) {
    for (org.jdom2.Attribute a : e.getAttributes()) {
      if (a.getName().equalsIgnoreCase(name)) {
        return a.getValue();
      }
    }
    return null;
  }

  /** An Atom link that gives its URL as text instead of {@code href} still means that URL. */
  private static void hrefFromLinkText(Element root) {
    if (!root.getName().equals("feed")) {
      return;
    }
    for (Element link : root.getDescendants(org.jdom2.filter.Filters.element())) {
      if (link.getName().equals("link") && link.getAttribute("href") == null && !link.getTextTrim().isEmpty()) {
        link.setAttribute("href", link.getTextTrim());
      }
    }
  }

  /** Atom 0.3's mode="base64" (often line-wrapped, which Rome cannot read) decoded here. */
  private static void decodeBase64Constructs(Element root) {
    if (!root.getNamespace().equals(ATOM_03)) {
      return;
    }
    for (Element e : root.getDescendants(org.jdom2.filter.Filters.element())) {
      if ("base64".equals(e.getAttributeValue("mode"))) {
        try {
          byte[] bytes = java.util.Base64.getMimeDecoder().decode(e.getTextTrim());
          Optional<String> decoded = TextDecoder.strict(bytes, 0, java.nio.charset.StandardCharsets.UTF_8);
          if (decoded.isPresent()) {
            e.setText(decoded.get());
            e.setAttribute("mode", "escaped");
          }
        } catch (IllegalArgumentException ignored) {
          // not base64 after all: Rome reports it
        }
      }
    }
  }

  private static Optional<Duration> ttl(@Nullable Element channel) {
    if (channel == null) {
      return Optional.empty();
    }
    String ttl = channel.getChildTextTrim("ttl");
    if (ttl == null || !ttl.matches("\\d{1,7}")) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMinutes(Long.parseLong(ttl)));
  }

  private static Optional<Duration> updatePeriod(@Nullable Element channel, Element root) {
    for (Element e : channel == null ? List.of(root) : List.of(channel, root)) {
      String period = e.getChildTextTrim("updatePeriod", SY);
      if (period == null) {
        continue;
      }
      Duration base = switch (period.toLowerCase(Locale.ROOT)) {
        case "hourly" -> Duration.ofHours(1);
        case "daily" -> Duration.ofDays(1);
        case "weekly" -> Duration.ofDays(7);
        case "monthly" -> Duration.ofDays(30);
        case "yearly" -> Duration.ofDays(365);
        default -> null;
      };
      if (base == null) {
        return Optional.empty();
      }
      String frequency = Optional.ofNullable(e.getChildTextTrim("updateFrequency", SY)).orElse("1");
      long f = frequency.matches("\\d{1,6}") ? Math.max(1, Long.parseLong(frequency)) : 1;
      return Optional.of(base.dividedBy(f));
    }
    return Optional.empty();
  }

  static Optional<String> text(@Nullable String s) {
    if (s == null) {
      return Optional.empty();
    }
    String t = s.strip();
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  private static Optional<Instant> instant(@Nullable Date d) {
    return Optional.ofNullable(d).map(Date::toInstant);
  }

  static String abbreviate(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
  }

  /** JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). */
  static final class JsonFeedReader {
    private JsonFeedReader() {}

    static ParseOutcome read(ObjectMapper json, String text, List<String> notes) {
      JsonNode root;
      try {
        root = json.readTree(text);
      } catch (JacksonException e) {
        return new ParseOutcome.Unreadable("format", "not well-formed JSON: " + e.getOriginalMessage());
      }
      String version = root.path("version").asText("");
      if (!version.startsWith("https://jsonfeed.org/version/") && !version.startsWith("http://jsonfeed.org/version/")) {
        return new ParseOutcome.Unreadable("format", "JSON but not a JSON Feed (version is '" + abbreviate(version, 60) + "')");
      }
      Optional<String> feedLanguage = str(root, "language");
      List<ParsedFeed.Entry> entries = new ArrayList<>();
      for (JsonNode item : root.path("items")) {
        if (!item.isObject()) {
          continue;
        }
        Optional<String> contentHtml = str(item, "content_html")
            .or(() -> str(item, "content_text").map(JsonFeedReader::escape));
        List<String> authors = new ArrayList<>();
        JsonNode authorList = item.has("authors") ? item.get("authors") : root.path("authors");
        for (JsonNode a : authorList) {
          str(a, "name").ifPresent(authors::add);
        }
        if (authors.isEmpty()) {
          str(item.path("author"), "name").or(() -> str(root.path("author"), "name")).ifPresent(authors::add);
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : item.path("tags")) {
          text(t.asText()).ifPresent(tags::add);
        }
        JsonNode id = item.path("id");
        Optional<String> guid = id.isValueNode() ? text(id.asText()) : Optional.empty();
        entries.add(new ParsedFeed.Entry(
            guid,
            str(item, "url"),
            str(item, "title"),
            str(item, "summary"),
            contentHtml,
            authors,
            tags,
            str(item, "language").or(() -> feedLanguage),
            str(item, "date_published"),
            str(item, "date_modified"),
            Optional.empty(),
            Optional.empty()));
      }
      return new ParseOutcome.Parsed(new ParsedFeed("json-" + version.substring(version.lastIndexOf('/') + 1),
          str(root, "title"), str(root, "home_page_url"), feedLanguage, entries, Optional.empty(), Optional.empty(),
          notes));
    }

    private static Optional<String> str(JsonNode node, String field) {
      JsonNode v = node.path(field);
      return v.isTextual() ? text(v.asText()) : Optional.empty();
    }

    private static String escape(String plain) {
      return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }
}
