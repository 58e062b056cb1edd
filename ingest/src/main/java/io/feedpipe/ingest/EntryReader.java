package io.feedpipe.ingest;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import io.feedpipe.model.Repair;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;
import org.jdom2.output.XMLOutputter;
import org.jspecify.annotations.Nullable;

/**
 * Turns one of Rome's entries, with the element it was read from, into a {@link ParsedFeed.Entry}:
 * what Rome reads, what it leaves out but feeds use (Dublin Core, Media RSS, iTunes, Atom inside
 * RSS), where each value came from, and links made absolute.
 *
 * <p>An RSS item's body (content) is, in order of precedence: {@code content:encoded}, {@code
 * atom:content}, {@code xhtml:body}, {@code body}, {@code fullitem}, and, when the item has both a
 * {@code description} and a {@code summary}, the later of the two. Its summary: {@code description}, else
 * {@code summary}, {@code atom:summary}, {@code dc:description}, {@code itunes:summary}, {@code
 * media:description}.
 *
 * <p>Links: an entry's link is resolved against the {@code xml:base} in scope (RFC 3986, nested
 * bases resolved outward in), else the channel's link, else the fetched URL. The base of links inside
 * its content is the {@code xml:base} in scope at the content, else the entry's link (then {@code
 * contentBase} is empty), else the same fallbacks. One per document; not thread-safe.
 */
final class EntryReader {
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final String DCTERMS = "http://purl.org/dc/terms/";
  private static final String MEDIA = "http://search.yahoo.com/mrss/";
  private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  private static final Map<String, String> PREFIXES = Map.of(DC, "dc", DCTERMS, "dcterms",
      ContentRepair.ATOM_10.getURI(), "atom", MEDIA, "media", ITUNES, "itunes");
  private static final Pattern XHTML_NS = Pattern.compile("\\s+xmlns=\"http://www\\.w3\\.org/1999/xhtml\"");
  /** What every match of {@link #XHTML_NS} contains. */
  private static final String XHTML_NS_LITERAL = "xmlns=\"http://www.w3.org/1999/xhtml\"";
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Pattern DOUBLE_ENCODED = Pattern.compile(
      "[\\u00C2-\\u00F4][\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160"
          + "\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A"
          + "\\u0153\\u017E\\u0178]{1,3}");
  private static final Pattern C1_REFERENCE = Pattern.compile("&#(1[2-5][0-9]);");
  private static final Pattern NAME_WITH_EMAIL = Pattern.compile("^(.*?)\\s*[(<]\\s*(.*?)\\s*[)>]\\s*$");
  private static final Pattern XHTML_WRAPPER = Pattern.compile("^\\s*<div\\b[^>]*>(.*)</div>\\s*$", Pattern.DOTALL);
  /** The elements whose last non-empty text is an entry's raw published date, first name present first. */
  static final String[] PUBLISHED_NAMES = {"pubDate", "published", "issued", "created", "date"};
  private static final String[] UPDATED_NAMES = {"updated", "modified", "date"};

  private final RepairLog log;
  private final Optional<LinkBase> fetched;
  private final Optional<LinkBase> feedBase;

  /**
   * @param documentUrl the URL the feed was fetched from, after redirects
   * @param feedLink the channel's link, already absolute when it could be made so
   */
  EntryReader(RepairLog log, Optional<URI> documentUrl, Optional<String> feedLink) {
    this.log = log;
    this.fetched = LinkBase.fetched(documentUrl);
    this.feedBase = feedLink.flatMap(l -> LinkBase.of(l, "the channel link")).or(() -> fetched);
  }

  /**
   * The base {@code xml:base} attributes give at {@code element} (nested ones resolved outward in,
   * the outermost against the fetched URL), if any does.
   */
  static Optional<LinkBase> xmlBase(Element element, Optional<LinkBase> fetched) {
    List<String> bases = new ArrayList<>();
    for (Element e = element; e != null; e = e.getParentElement()) {
      String base = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
      if (base != null) {
        bases.add(0, base.strip());
      }
    }
    if (bases.isEmpty()) {
      return Optional.empty();
    }
    Optional<LinkBase> base = fetched;
    for (String b : bases) {
      Optional<LinkBase> outer = base;
      base = UriReference.absolute(b).map(u -> new LinkBase(u, "xml:base"))
          .or(() -> outer.flatMap(o -> UriReference.resolve(o.uri(), b)).flatMap(UriReference::absolute)
              .map(u -> new LinkBase(u, "xml:base")));
    }
    return base;
  }

  ParsedFeed.Entry read(SyndEntry e, @Nullable Element element, @Nullable String feedLanguage) {
    List<Repair> repairs = new ArrayList<>(element == null ? List.of() : log.of(element));
    Consumer<Repair> add = repairs::add;
    Optional<String> guid = Optional.empty();
    Optional<String> guidSource = Optional.empty();
    Object wireEntry = e.getWireEntry();
    if (wireEntry instanceof Item item && item.getGuid() != null) {
      guid = FeedParser.text(item.getGuid().getValue());
      guidSource = Optional.of("guid");
    } else if (wireEntry instanceof Entry atom) {
      guid = FeedParser.text(atom.getId());
      guidSource = Optional.of("id");
    } else if (wireEntry == null) {
      guid = FeedParser.text(e.getUri());
      guidSource = Optional.of("guid");
    }
    Optional<String> summary = Optional.ofNullable(e.getDescription())
        .flatMap(c -> markup(c.getValue(), c.getType(), wireEntry instanceof Entry ? "summary" : "description", add));
    Optional<String> content = Optional.empty();
    for (SyndContent c : e.getContents()) {
      content = markup(c.getValue(), c.getType(), wireEntry instanceof Entry ? "content" : "content:encoded", add);
      if (content.isPresent()) {
        break;
      }
    }
    LinkedHashSet<String> authors = new LinkedHashSet<>();
    for (SyndPerson p : e.getAuthors()) {
      FeedParser.text(p.getName()).map(EntryReader::personName).or(() -> FeedParser.text(p.getEmail()))
          .ifPresent(authors::add);
    }
    LinkedHashSet<String> categories = new LinkedHashSet<>();
    if (element != null && wireEntry instanceof Item && element.getChild("tags") != null) {
      for (String tag : element.getChildText("tags").split(",")) { // a made-up element some feeds use
        FeedParser.text(tag).ifPresent(categories::add);
      }
    }
    for (SyndCategory c : e.getCategories()) {
      FeedParser.text(c.getName()).ifPresent(categories::add);
    }
    Optional<String> title = Optional.ofNullable(e.getTitleEx())
        .flatMap(c -> markup(c.getValue(), c.getType(), "title", add)).or(() -> FeedParser.text(e.getTitle()));
    Optional<String> link = FeedParser.text(e.getLink());
    Optional<String> linkSource = link.map(l -> wireEntry instanceof Item item
        && FeedParser.text(item.getLink()).isEmpty() ? "guid" : "link");
    if (link.isEmpty()) {
      for (SyndLink l : e.getLinks()) {
        Optional<String> href = FeedParser.text(l.getHref());
        if (href.isPresent() && (l.getRel() == null || l.getRel().equals("alternate"))) {
          link = href;
          linkSource = Optional.of("link");
          break;
        }
        if (link.isEmpty() && href.isPresent()) {
          link = href;
          linkSource = Optional.of("link rel=" + l.getRel());
        }
      }
    }
    Optional<String> language = Optional.empty();
    Optional<Named> rawPublished = Optional.empty();
    Optional<Named> rawUpdated = Optional.empty();
    Element bodyElement = null;
    if (element != null) {
      // What Rome leaves out but feeds use: Dublin Core, Media RSS and iTunes fallbacks.
      if (wireEntry instanceof Item) {
        for (Element child : element.getChildren()) {
          String ns = child.getNamespaceURI();
          boolean person = (ns.isEmpty() && child.getName().equals("author"))
              || (sameNs(ns, DC) && (child.getName().equals("creator") || child.getName().equals("author")))
              || (sameNs(ns, ITUNES) && child.getName().equals("author"));
          if (person) {
            FeedParser.text(child.getText()).map(EntryReader::personName).ifPresent(authors::add);
          }
        }
      }
      if (authors.isEmpty()) {
        FeedParser.text(e.getAuthor()).map(EntryReader::personName).ifPresent(authors::add);
      }
      for (Element child : element.getDescendants(Filters.element())) {
        String ns = child.getNamespaceURI();
        if ((sameNs(ns, DC) && child.getName().equals("subject")) || (sameNs(ns, MEDIA) && child.getName().equals("category"))) {
          FeedParser.text(child.getText()).ifPresent(categories::add);
        } else if (sameNs(ns, ITUNES) && child.getName().equals("category")) {
          FeedParser.text(child.getAttributeValue("text")).ifPresent(categories::add);
        }
      }
      title = title.or(() -> childText(element, DC, "title")).or(() -> childText(element, MEDIA, "title"));
      if (wireEntry instanceof Item) {
        Element description = element.getChild("description");
        Element madeUpSummary = element.getChild("summary");
        // with both a description and a summary, the later one is the body (as feedparser reads them)
        Element later = description == null || madeUpSummary == null ? null
            : element.indexOf(description) > element.indexOf(madeUpSummary) ? description : madeUpSummary;
        if (content.isPresent()) {
          bodyElement = element.getChild("encoded", Namespace.getNamespace(CONTENT));
        } else {
          Element[] sources = {element.getChild("content", ContentRepair.ATOM_10),
              element.getChild("body", Namespace.getNamespace(ContentRepair.XHTML)), element.getChild("body"),
              element.getChild("fullitem"), later};
          for (Element c : sources) {
            content = c == null ? Optional.empty() : construct(c, add);
            if (content.isPresent()) {
              bodyElement = c;
              break;
            }
          }
        }
        if (later != null && bodyElement == later && later == description) {
          summary = construct(madeUpSummary, add);
        } else if (summary.isEmpty() && madeUpSummary != null) {
          summary = construct(madeUpSummary, add);
        }
        summary = summary.or(() -> Optional.ofNullable(element.getChild("summary", ContentRepair.ATOM_10))
            .flatMap(c -> construct(c, add)));
        if (bodyElement == null && summary.isPresent()) {
          bodyElement = description;
        }
      } else if (wireEntry instanceof Entry) {
        Element body = element.getChild("content", element.getNamespace());
        bodyElement = body != null ? body : element.getChild("summary", element.getNamespace());
      }
      summary = summary.or(() -> childText(element, DC, "description")).or(() -> childText(element, ITUNES, "summary"))
          .or(() -> childText(element, MEDIA, "description"));
      if (guid.isEmpty() && element.getName().equals("item")) {
        guid = FeedParser.text(element.getAttributeValue("about", Namespace.getNamespace(RDF)));
        guidSource = guid.map(g -> "rdf:about");
      }
      language = inheritedLanguage(element);
      rawPublished = lastChildText(element, PUBLISHED_NAMES);
      rawUpdated = lastChildText(element, UPDATED_NAMES);
    } else if (authors.isEmpty()) {
      FeedParser.text(e.getAuthor()).map(EntryReader::personName).ifPresent(authors::add);
    }
    Optional<LinkBase> entryBase = (element == null ? Optional.<LinkBase>empty() : xmlBase(element, fetched)).or(() -> feedBase);
    // a permalink guid is a link only when it is absolute: a relative one is an identifier, never resolved
    Optional<String> resolvedLink = linkSource.equals(Optional.of("guid")) ? link
        : link.map(l -> LinkBase.resolve(l, entryBase, "link", add));
    Element baseElement = bodyElement != null ? bodyElement : element;
    // empty when the item's own link is the base, as normalize reads it by default
    Optional<LinkBase> contentBase = (baseElement == null ? Optional.<LinkBase>empty() : xmlBase(baseElement, fetched))
        .or(() -> resolvedLink.filter(UriReference::isWebLink).isPresent() ? Optional.empty() : feedBase);
    ParsedFeed.Origin origin = new ParsedFeed.Origin(
        guid.isPresent() ? guidSource : Optional.empty(),
        resolvedLink.isPresent() ? linkSource : Optional.empty(),
        rawPublished.map(Named::name).or(() -> Optional.ofNullable(e.getPublishedDate()).map(d -> "published")),
        rawUpdated.map(Named::name).or(() -> Optional.ofNullable(e.getUpdatedDate()).map(d -> "updated")));
    return new ParsedFeed.Entry(
        guid,
        resolvedLink,
        title,
        summary,
        content,
        List.copyOf(authors),
        List.copyOf(categories),
        language.or(() -> FeedParser.text(feedLanguage)).map(EntryReader::languageTag),
        rawPublished.map(Named::value),
        rawUpdated.map(Named::value),
        instant(e.getPublishedDate()),
        instant(e.getUpdatedDate()),
        origin,
        contentBase.map(LinkBase::uri),
        repairs);
  }

  /**
   * A text construct read from its element: XHTML and XML types written out as markup, any other
   * type as its text.
   */
  private Optional<String> construct(Element c, Consumer<Repair> add) {
    String type = Optional.ofNullable(c.getAttributeValue("type")).orElse("").strip().toLowerCase(Locale.ROOT);
    boolean markup = c.getNamespaceURI().equals(ContentRepair.XHTML) || c.getName().equals("body")
        || type.equals("xhtml") || type.endsWith("+xml") || type.endsWith("/xml");
    String value = markup ? new XMLOutputter(ContentRepair.AS_WRITTEN).outputString(c.getContent()) : c.getText();
    String asType = c.getNamespaceURI().equals(ContentRepair.XHTML) ? "application/xhtml+xml" : type;
    return markup(value, asType, c.getQualifiedName(), add);
  }

  /**
   * A text construct's value: Atom 1.0 XHTML loses its wrapper {@code <div>}, serialised XHTML loses
   * the XHTML namespace declaration (the markup is the same HTML without it); references to C1 code
   * points and double-encoded UTF-8 are repaired ({@code mojibake}).
   */
  static Optional<String> markup(@Nullable String raw, @Nullable String rawType, String where, Consumer<Repair> add) {
    Optional<String> value = FeedParser.text(raw);
    if (value.isEmpty()) {
      return value;
    }
    String type = Optional.ofNullable(rawType).orElse("").toLowerCase(Locale.ROOT);
    String v = value.get();
    if (type.equals("xhtml")) {
      Matcher m = XHTML_WRAPPER.matcher(v);
      if (m.matches()) {
        v = m.group(1);
      }
    }
    String s = v.contains(XHTML_NS_LITERAL) ? XHTML_NS.matcher(v).replaceAll("") : v;
    s = s.replace("&#X", "&#x");
    if (s.contains("&#1")) {
      String c1 = C1_REFERENCE.matcher(s).replaceAll(m ->
          "&#x" + Integer.toHexString(new String(new byte[] {(byte) Integer.parseInt(m.group(1))}, WINDOWS_1252).charAt(0)) + ";");
      if (!c1.equals(s)) {
        add.accept(Repair.of("mojibake", where, "references to C1 control characters read as windows-1252"));
        s = c1;
      }
    }
    String undone = undoDoubleEncoding(s);
    if (!undone.equals(s)) {
      add.accept(Repair.of("mojibake", where, "UTF-8 that was decoded as windows-1252 and encoded again repaired"));
    }
    return FeedParser.text(undone);
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
      Optional<String> decoded = TextDecoder.strict(bytes, 0, StandardCharsets.UTF_8);
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

  /** A value and the name of the element it came from. */
  private record Named(String name, String value) {}

  /** The last non-empty child of the first name present: a repeated date element's last value wins. */
  private static Optional<Named> lastChildText(Element element, String... names) {
    for (String name : names) {
      Optional<Named> last = Optional.empty();
      for (Element child : element.getChildren()) {
        if (child.getName().equals(name)) {
          Optional<String> t = FeedParser.text(child.getText());
          if (t.isPresent()) {
            last = Optional.of(new Named(qualifiedName(child, element), t.get()));
          }
        }
      }
      if (last.isPresent()) {
        return last;
      }
    }
    return Optional.empty();
  }

  /** The element's name as a subscriber knows it: bare in the entry's own namespace, else with the namespace's usual prefix. */
  private static String qualifiedName(Element child, Element entry) {
    String ns = child.getNamespaceURI();
    if (ns.isEmpty() || ns.equals(entry.getNamespaceURI())) {
      return child.getName();
    }
    String prefix = PREFIXES.get(ns);
    return prefix == null ? child.getQualifiedName() : prefix + ":" + child.getName();
  }

  /** The nearest xml:lang on the element or an ancestor. */
  static Optional<String> inheritedLanguage(Element element) {
    for (Element e = element; e != null; e = e.getParentElement()) {
      Optional<String> lang = FeedParser.text(e.getAttributeValue("lang", Namespace.XML_NAMESPACE));
      if (lang.isPresent()) {
        return lang;
      }
    }
    return Optional.empty();
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

  static String languageTag(String lang) {
    return lang.replace('_', '-');
  }

  static Optional<String> childText(Element element, String namespace, String name) {
    for (Element child : element.getDescendants(Filters.element())) {
      if (child.getName().equals(name) && sameNs(child.getNamespaceURI(), namespace)) {
        Optional<String> t = FeedParser.text(child.getText());
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

  private static Optional<Instant> instant(@Nullable Date d) {
    return Optional.ofNullable(d).map(Date::toInstant);
  }
}
