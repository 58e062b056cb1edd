package io.feedpipe.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.WireFeed;
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
  private static final Pattern XHTML_WRAPPER = Pattern.compile("^\\s*<div\\b[^>]*>(.*)</div>\\s*$", Pattern.DOTALL);
  private static final Pattern KNOWN_RSS = Pattern.compile("0\\.9[0-4]|2\\.0");
  private static final ObjectMapper JSON = new ObjectMapper();

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
    String repaired = XmlRepair.repair(text.text());
    if (repaired.isEmpty()) {
      return new ParseOutcome.Unreadable("empty", "the body holds only whitespace");
    }
    try {
      if (repaired.charAt(0) == '{') {
        return JsonFeedReader.read(JSON, repaired, notes);
      }
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
    Element root = document.getRootElement();
    String rootName = root.getName();
    if (rootName.equalsIgnoreCase("html")) {
      return new ParseOutcome.Unreadable("format", "not a feed: an HTML page");
    }
    if (rootName.equals("rss")) {
      repairRss(root);
    }
    WireFeed wire;
    try {
      wire = new WireFeedInput().build(document);
    } catch (FeedException | IllegalArgumentException e) {
      return new ParseOutcome.Unreadable("format", "not a feed Rome can read (root element <" + rootName + ">): "
          + e.getMessage());
    }
    SyndFeed feed = new SyndFeedImpl(wire, true);
    List<Element> itemElements = itemElements(root);
    List<SyndEntry> syndEntries = feed.getEntries();
    boolean aligned = itemElements.size() == syndEntries.size();
    List<ParsedFeed.Entry> entries = new ArrayList<>(syndEntries.size());
    for (int i = 0; i < syndEntries.size(); i++) {
      entries.add(entry(syndEntries.get(i), aligned ? itemElements.get(i) : null, feed.getLanguage()));
    }
    Element channel = rootName.equals("rss") ? root.getChild("channel") : root;
    return new ParseOutcome.Parsed(new ParsedFeed(
        wire.getFeedType(),
        text(feed.getTitle()),
        text(feed.getLink()),
        text(feed.getLanguage()).or(() -> inheritedLanguage(root)),
        entries,
        ttl(channel),
        updatePeriod(channel, root),
        notes));
  }

  /** An {@code <rss>} without {@code <channel>} gets one around its children; an unknown version becomes 2.0. */
  private static void repairRss(Element root) {
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
    Optional<String> summary = Optional.ofNullable(e.getDescription()).flatMap(d -> html(d));
    Optional<String> content = Optional.empty();
    for (SyndContent c : e.getContents()) {
      content = html(c);
      if (content.isPresent()) {
        break;
      }
    }
    List<String> authors = new ArrayList<>();
    for (SyndPerson p : e.getAuthors()) {
      text(p.getName()).or(() -> text(p.getEmail())).ifPresent(authors::add);
    }
    if (authors.isEmpty()) {
      text(e.getAuthor()).ifPresent(authors::add);
    }
    List<String> categories = new ArrayList<>();
    for (SyndCategory c : e.getCategories()) {
      text(c.getName()).ifPresent(categories::add);
    }
    Optional<String> language = Optional.empty();
    Optional<String> rawPublished = Optional.empty();
    Optional<String> rawUpdated = Optional.empty();
    if (element != null) {
      language = inheritedLanguage(element);
      rawPublished = childText(element, "pubDate", "published", "issued", "created", "date");
      rawUpdated = childText(element, "updated", "modified");
    }
    return new ParsedFeed.Entry(
        guid,
        text(e.getLink()).or(() -> e.getLinks().isEmpty() ? Optional.empty() : text(e.getLinks().get(0).getHref())),
        text(e.getTitle()),
        summary,
        content,
        authors,
        categories,
        language.or(() -> text(feedLanguage)),
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
    Optional<String> value = Optional.ofNullable(c.getValue()).filter(v -> !v.isBlank());
    if (value.isPresent() && "xhtml".equalsIgnoreCase(c.getType())) {
      Matcher m = XHTML_WRAPPER.matcher(value.get());
      if (m.matches()) {
        return Optional.of(m.group(1).strip());
      }
    }
    return value.map(String::strip);
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
