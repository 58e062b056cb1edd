package io.feedpipe.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import io.feedpipe.model.Repair;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdom2.Content;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;
import org.jdom2.output.XMLOutputter;
import org.jspecify.annotations.Nullable;

/**
 * Reads a body as RSS 0.9x/1.0/2.0, Atom 0.3/1.0 (Rome, on a JDOM document built by {@link
 * SafeXml}) or JSON Feed 1.0/1.1 ({@link JsonFeedReader}). Strict first: a document the XML parser
 * accepts, holding nothing {@link XmlRepair} would rewrite, is read as it is; any other is rewritten
 * by {@link XmlRepair} and parsed again. {@link ContentRepair} then mends what Rome would misread,
 * and {@link EntryReader} reads each entry. Lenient where the meaning is clear (an {@code <rss>}
 * without {@code <channel>} gets one; an unknown RSS version is read as 2.0; element names in the
 * wrong case are read as RSS's); every repair is recorded, on its entry or on the feed.
 *
 * <p>Only what holds no feed is an {@link ParseOutcome.Unreadable}, never an exception: an empty
 * body, one that is neither XML nor JSON, XML that stays broken after repair, a root that is no
 * feed. An entry that cannot be read costs only itself ({@link ParsedFeed#unreadable()}): when Rome
 * fails on the document, each entry is read on its own. Thread-safe.
 */
final class FeedParser {
  private static final Namespace SY = Namespace.getNamespace("http://purl.org/rss/1.0/modules/syndication/");
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final Map<String, String> RSS_NAMES = Stream.of(
      "rss", "channel", "item", "title", "link", "description", "language", "copyright", "managingEditor",
      "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "url",
      "width", "height", "rating", "textInput", "name", "skipHours", "skipDays", "hour", "day", "author",
      "comments", "enclosure", "guid", "source")
      .collect(Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), n -> n));
  private static final Pattern KNOWN_RSS = Pattern.compile("0\\.9[0-4]|2\\.0");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest markup of an unreadable entry kept for its dead letter. */
  private static final int MAX_ENTRY_MARKUP_CHARS = 64 * 1024;

  /** Reads a body fetched from no known URL: relative links stay relative unless the feed gives a base. */
  ParseOutcome parse(byte[] body, Optional<String> contentType) {
    return parse(body, contentType, Optional.empty());
  }

  /**
   * Reads a body.
   *
   * @param documentUrl the URL the body was fetched from, after redirects: the base of relative
   *     links when the feed gives none
   */
  ParseOutcome parse(byte[] body, Optional<String> contentType, Optional<URI> documentUrl) {
    if (body.length == 0) {
      return new ParseOutcome.Unreadable("empty", "the body is empty");
    }
    TextDecoder.Result decoded = TextDecoder.decode(body, contentType);
    if (decoded instanceof TextDecoder.Undecodable(String message)) {
      return new ParseOutcome.Unreadable("charset", message);
    }
    TextDecoder.Decoded text = (TextDecoder.Decoded) decoded;
    List<String> notes = text.note().map(List::of).orElse(List.of());
    List<Repair> feedRepairs = text.note().map(n -> List.of(Repair.of("charset", "document", n))).orElse(List.of());
    String trimmed = text.text().replace("\uFEFF", "").strip();
    if (trimmed.isEmpty()) {
      return new ParseOutcome.Unreadable("empty", "the body holds only whitespace");
    }
    try {
      if (trimmed.charAt(0) == '{') {
        return JsonFeedReader.read(JSON, trimmed, notes, feedRepairs, documentUrl); // JSON gets no XML repairs
      }
      String head = trimmed.substring(0, Math.min(trimmed.length(), 512)).toLowerCase(Locale.ROOT);
      if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html")
          && !head.contains("<rss") && !head.contains("<feed") && !head.contains("<rdf")) {
        return new ParseOutcome.Unreadable("format", "not a feed: an HTML page");
      }
      if (trimmed.charAt(0) != '<') {
        return new ParseOutcome.Unreadable("format", "not a feed: the body starts with '"
            + abbreviate(trimmed, 40) + "', neither XML nor JSON");
      }
      return readXml(trimmed, notes, feedRepairs, documentUrl);
    } catch (RuntimeException e) {
      // Rome and JDOM throw unchecked exceptions on some broken input; they are data here.
      return new ParseOutcome.Unreadable("format", "the feed could not be read: " + e);
    }
  }

  private ParseOutcome readXml(String xml, List<String> notes, List<Repair> feedRepairs, Optional<URI> documentUrl) {
    Document document = null;
    String strictError = null;
    if (!XmlRepair.needsRepair(xml)) {
      try {
        document = SafeXml.parse(xml);
      } catch (JDOMException | IOException | RuntimeException e) {
        strictError = e.getMessage(); // JDOM refuses some names (a namespace URI with spaces) unchecked
      }
    }
    XmlRepair.Repaired repaired = null;
    if (document == null) {
      repaired = XmlRepair.recover(xml);
      if (repaired.refused().isPresent()) {
        return new ParseOutcome.Unreadable("xml", "not read: " + repaired.refused().get());
      }
      try {
        document = SafeXml.parse(repaired.text());
      } catch (JDOMException | IOException | RuntimeException e) {
        return new ParseOutcome.Unreadable("xml", "not well-formed XML, even after repair: "
            + (strictError != null ? strictError : e.getMessage()));
      }
    }
    if (document.getRootElement().getName().equalsIgnoreCase("channel")) {
      document = new Document(cdfAsRss(document.getRootElement()));
    }
    Element root = document.getRootElement();
    String rootName = root.getName();
    if (rootName.equalsIgnoreCase("html")) {
      return new ParseOutcome.Unreadable("format", "not a feed: an HTML page");
    }
    List<Repair> documentRepairs = new ArrayList<>(feedRepairs);
    normalizeNamespace(root);
    if (rootName.equals("rss")) {
      repairRss(root, documentRepairs);
    }
    List<Element> itemElements = itemElements(root);
    RepairLog log = new RepairLog(itemElements);
    documentRepairs.forEach(log::feed);
    int cutEntry = -1;
    if (repaired != null) {
      boolean aligned = repaired.entries() == itemElements.size();
      for (XmlRepair.Found f : repaired.found()) {
        Repair repair = Repair.of(f.kind(), f.where(), f.detail());
        if (f.entry() >= 0 && aligned) {
          log.entry(itemElements.get(f.entry()), repair);
        } else {
          log.feed(repair);
        }
      }
      cutEntry = aligned ? repaired.cutEntry() : -1;
    }
    ContentRepair.apply(root, log);
    // Rome parses every item's pubDate (twice, trying a dozen SimpleDateFormats each time), but
    // entry() reads the raw text instead whenever the item has one; those pubDates are hidden
    // from Rome while it builds and put back before anything else reads the document.
    List<Hidden> hidden = rootName.equals("rss") ? hidePubDatesReadRaw(itemElements) : List.of();
    SyndFeed feed;
    List<SyndEntry> syndEntries;
    List<ParsedFeed.UnreadableEntry> unreadable = new ArrayList<>();
    try {
      try {
        feed = romeFeed(document);
      } finally {
        restore(hidden);
      }
      if (itemElements.size() != feed.getEntries().size() && !hidden.isEmpty()) {
        feed = romeFeed(document); // entries fall back to Rome's dates when not aligned with the elements: read them after all
      }
      syndEntries = new ArrayList<>(feed.getEntries());
    } catch (FeedException | RuntimeException whole) {
      // One entry may be what Rome cannot read: read the feed without its entries, then each entry alone.
      Optional<Isolated> isolated = readEntriesAlone(document, itemElements, log);
      if (isolated.isEmpty()) {
        return new ParseOutcome.Unreadable("format", "not a feed Rome can read (root element <" + rootName + ">): "
            + whole.getMessage());
      }
      feed = isolated.get().feed();
      syndEntries = isolated.get().entries();
      for (int i = 0; i < syndEntries.size(); i++) {
        if (syndEntries.get(i) == null) {
          unreadable.add(new ParsedFeed.UnreadableEntry(i, isolated.get().errors().get(i), asWritten(itemElements.get(i))));
        }
      }
    }
    Element channel = rootName.equals("rss") ? root.getChild("channel")
        : rootName.equals("RDF") ? root.getChild("channel", root.getNamespace("")) : root;
    Optional<Element> channelElement = Optional.ofNullable(channel);
    Optional<LinkBase> fetched = LinkBase.fetched(documentUrl);
    Optional<LinkBase> channelBase = channelElement.flatMap(c -> EntryReader.xmlBase(c, fetched)).or(() -> fetched);
    Optional<String> feedLink = text(feed.getLink()).map(l -> LinkBase.resolve(l, channelBase, "link", log::feed));
    EntryReader reader = new EntryReader(log, documentUrl, feedLink);
    boolean aligned = itemElements.size() == syndEntries.size();
    List<ParsedFeed.Entry> entries = new ArrayList<>(syndEntries.size());
    for (int i = 0; i < syndEntries.size(); i++) {
      SyndEntry entry = syndEntries.get(i);
      Element element = aligned ? itemElements.get(i) : null;
      if (entry == null) {
        continue;
      }
      if (i == cutEntry && element != null) {
        unreadable.add(new ParsedFeed.UnreadableEntry(i, "the document ends inside this entry: it was cut off",
            asWritten(element)));
        continue;
      }
      try {
        entries.add(reader.read(entry, element, feed.getLanguage()));
      } catch (RuntimeException e) {
        unreadable.add(new ParsedFeed.UnreadableEntry(i, "the entry could not be read: " + e,
            element == null ? "" : asWritten(element)));
      }
    }
    Optional<String> title = Optional.ofNullable(feed.getTitleEx())
        .flatMap(c -> EntryReader.markup(c.getValue(), c.getType(), "title", log::feed))
        .or(() -> channelElement.flatMap(c -> EntryReader.childText(c, DC, "title")));
    return new ParseOutcome.Parsed(new ParsedFeed(
        feed.getFeedType(),
        title,
        feedLink,
        text(feed.getLanguage()).or(() -> channelElement.flatMap(c -> EntryReader.childText(c, DC, "language")))
            .or(() -> EntryReader.inheritedLanguage(root)).map(EntryReader::languageTag),
        entries,
        ttl(channel),
        updatePeriod(channel, root),
        notes,
        log.feed(),
        unreadable));
  }

  /** A feed read without its entries, and each entry read alone: null where it could not be, with the error. */
  private record Isolated(SyndFeed feed, List<@Nullable SyndEntry> entries, List<String> errors) {}

  /** Namespaces whose elements Rome reads into what an entry gives: kept when an entry is retried without extensions. */
  private static final Set<String> CORE_NAMESPACES = Set.of("",
      "http://purl.org/rss/1.0/modules/content/", DC, ContentRepair.ATOM_10.getURI(), ContentRepair.ATOM_03.getURI(),
      "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

  private static Optional<Isolated> readEntriesAlone(Document document, List<Element> itemElements, RepairLog log) {
    if (itemElements.isEmpty()) {
      return Optional.empty();
    }
    List<Element> parents = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (Element item : itemElements) {
      Element parent = item.getParentElement();
      parents.add(parent);
      positions.add(parent.indexOf(item));
    }
    for (Element item : itemElements) {
      item.detach();
    }
    SyndFeed shell;
    List<@Nullable SyndEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try {
      try {
        shell = romeFeed(document);
      } catch (FeedException | RuntimeException e) {
        return Optional.empty(); // the feed itself is what Rome cannot read
      }
      for (Element item : itemElements) {
        Element parent = parents.get(entries.size());
        String error;
        try {
          entries.add(readAlone(document, parent, item));
          errors.add("");
          continue;
        } catch (FeedException | RuntimeException e) {
          error = String.valueOf(e);
        }
        // Rome's extension parsers (Slash, GeoRSS, Media RSS, …) fail on some values: without them
        // the entry still gives everything feedpipe reads, extensions included (read from the element).
        Element core = item.clone();
        List<String> dropped = dropExtensions(core);
        try {
          entries.add(dropped.isEmpty() ? null : readAlone(document, parent, core));
          errors.add(dropped.isEmpty() ? "Rome could not read the entry: " + error : "");
          if (!dropped.isEmpty()) {
            log.entry(item, Repair.of("malformed-markup", item.getQualifiedName(), "Rome could not read the entry ("
                + abbreviate(error, 200) + "); read without its extension elements " + String.join(", ", dropped)));
          }
        } catch (FeedException | RuntimeException e) {
          entries.add(null);
          errors.add("Rome could not read the entry: " + error);
        }
      }
    } finally {
      for (int i = 0; i < itemElements.size(); i++) {
        parents.get(i).addContent(Math.min(positions.get(i), parents.get(i).getContentSize()), itemElements.get(i));
      }
    }
    return Optional.of(new Isolated(shell, entries, errors));
  }

  /** Rome's entry from the document holding only {@code item} (put in {@code parent} for the call). */
  private static SyndEntry readAlone(Document document, Element parent, Element item) throws FeedException {
    parent.addContent(item);
    try {
      List<SyndEntry> one = romeFeed(document).getEntries();
      if (one.size() != 1) {
        throw new FeedException("Rome read " + one.size() + " entries from one");
      }
      return one.get(0);
    } finally {
      item.detach();
    }
  }

  /** Removes the outermost elements of extension namespaces under {@code entry}; returns their names. */
  private static List<String> dropExtensions(Element entry) {
    List<Element> extensions = new ArrayList<>();
    for (Element e : entry.getDescendants(Filters.element())) {
      if (!CORE_NAMESPACES.contains(e.getNamespaceURI()) && CORE_NAMESPACES.contains(e.getParentElement().getNamespaceURI())) {
        extensions.add(e); // its descendants go with it
      }
    }
    extensions.forEach(Element::detach);
    return extensions.stream().map(Element::getQualifiedName).distinct().toList();
  }

  /** The entry as written (after repairs), at most {@value #MAX_ENTRY_MARKUP_CHARS} characters. */
  private static String asWritten(Element entry) {
    String xml = new XMLOutputter(ContentRepair.AS_WRITTEN).outputString(entry);
    return xml.length() <= MAX_ENTRY_MARKUP_CHARS ? xml : xml.substring(0, MAX_ENTRY_MARKUP_CHARS);
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
    } else if (root.getName().equals("feed") && !from.equals(ContentRepair.ATOM_10) && !from.equals(ContentRepair.ATOM_03)) {
      to = "0.3".equals(root.getAttributeValue("version")) ? ContentRepair.ATOM_03 : ContentRepair.ATOM_10;
    } else {
      return;
    }
    for (Element e : root.getDescendants(Filters.element(null, from))) {
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
   * whose published date {@link EntryReader} reads from the raw text ({@link
   * EntryReader#PUBLISHED_NAMES}), so Rome's date for it, which would go unused, is never computed.
   */
  private static List<Hidden> hidePubDatesReadRaw(List<Element> items) {
    List<Hidden> hidden = new ArrayList<>();
    for (Element item : items) {
      if (item.getChild("pubDate") == null || !hasText(item, EntryReader.PUBLISHED_NAMES)) {
        continue;
      }
      List<Content> content = item.getContent();
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

  /** Whether a child of one of these names has non-blank text. */
  private static boolean hasText(Element element, String... names) {
    for (Element child : element.getChildren()) {
      for (String name : names) {
        if (child.getName().equals(name) && text(child.getText()).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Puts the hidden elements back where they were (they were taken out last index first). */
  private static void restore(List<Hidden> hidden) {
    for (int i = hidden.size() - 1; i >= 0; i--) {
      Hidden h = hidden.get(i);
      h.parent().addContent(h.index(), h.element());
    }
  }

  /**
   * An {@code <rss>} without {@code <channel>} gets one around its children; an unknown version
   * becomes 2.0; RSS element names in another case ({@code <TITLE>}) get RSS's.
   */
  private static void repairRss(Element root, List<Repair> repairs) {
    int renamed = 0;
    for (Element e : root.getDescendants(Filters.element(null, Namespace.NO_NAMESPACE))) {
      String canonical = RSS_NAMES.get(e.getName().toLowerCase(Locale.ROOT));
      if (canonical != null && !canonical.equals(e.getName())) {
        e.setName(canonical);
        renamed++;
      }
    }
    if (renamed > 0) {
      repairs.add(Repair.of("malformed-markup", "document", renamed + " RSS element names in the wrong case read as RSS's"));
    }
    if (root.getChild("channel") == null) {
      Element channel = new Element("channel");
      List<Element> children = new ArrayList<>(root.getChildren());
      for (Element child : children) {
        child.detach();
        channel.addContent(child);
      }
      root.addContent(channel);
      repairs.add(Repair.of("malformed-markup", "rss", "<rss> without <channel> read as if its children were in one"));
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

  static String abbreviate(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
  }
}
