package io.feedpipe.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdom2.CDATA;
import org.jdom2.Content;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.Text;
import org.jdom2.filter.Filters;
import org.jdom2.output.Format;
import org.jdom2.output.LineSeparator;
import org.jdom2.output.XMLOutputter;
import org.jspecify.annotations.Nullable;

/**
 * Repairs on the parsed document before Rome reads it, so that every word of a text construct
 * reaches the item as its author meant it:
 *
 * <ul>
 *   <li>markup left unescaped where text or HTML is expected ("naked markup": an RSS {@code
 *       <description><p>…</p></description>}, an Atom {@code type="html"} construct with child
 *       elements) is kept as HTML: the construct's text is its text nodes as they are (HTML source)
 *       with its child elements written out as markup; a lone XHTML {@code <div>} wrapper inside
 *       {@code type="html"} is read through, its escaped text being the HTML ({@code
 *       unescaped-markup});
 *   <li>base64 content (Atom 0.3 {@code mode="base64"}; Atom 1.0 content whose type is neither
 *       text nor XML) is decoded when it is UTF-8 text ({@code base64}) and dropped when it is not,
 *       or when its type is image, audio, video, font or model, or when content marked base64 is
 *       not ({@code binary-dropped});
 *   <li>CDATA sections inside XML-mode constructs (which Rome would write out as {@code
 *       <![CDATA[…]]>}, a comment to HTML) become plain text;
 *   <li>an Atom {@code <link>} that gives its URL as text gets it as {@code href}; one with no URL
 *       at all is dropped ({@code link-without-href}): Rome fails the whole feed on it.
 * </ul>
 */
final class ContentRepair {
  static final Namespace ATOM_10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
  static final Namespace ATOM_03 = Namespace.getNamespace("http://purl.org/atom/ns#");
  static final String XHTML = "http://www.w3.org/1999/xhtml";
  private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  private static final String MEDIA = "http://search.yahoo.com/mrss/";
  private static final Set<String> ATOM_CONSTRUCTS = Set.of("title", "subtitle", "summary", "content", "rights",
      "tagline", "info", "copyright");
  private static final Set<String> RSS_TEXT = Set.of("title", "description", "summary", "fullitem");
  private static final Set<String> BINARY_TYPES = Set.of("image", "audio", "video", "font", "model");
  /** Markup written out with its line breaks as they were (JDOM's raw format would write CRLF). */
  static final Format AS_WRITTEN = Format.getRawFormat().setLineSeparator(LineSeparator.NONE);

  private ContentRepair() {}

  /** Repairs the document under {@code root} in place, logging each repair. */
  static void apply(Element root, RepairLog log) {
    List<Element> elements = new ArrayList<>();
    root.getDescendants(Filters.element()).forEach(elements::add); // collected first: repairs change the tree
    boolean rss = root.getName().equals("rss") || root.getName().equals("RDF");
    for (Element e : elements) {
      if (e.getDocument() == null) {
        continue; // inside markup an earlier repair turned into text
      }
      Namespace ns = e.getNamespace();
      if ((ns.equals(ATOM_10) || ns.equals(ATOM_03)) && e.getName().equals("link")) {
        link(e, log);
      } else if (ns.equals(ATOM_10) && ATOM_CONSTRUCTS.contains(e.getName())) {
        atom10(e, log);
      } else if (ns.equals(ATOM_03) && ATOM_CONSTRUCTS.contains(e.getName())) {
        atom03(e, log);
      } else if (rss && isRssText(e) && hasElementChildren(e)) {
        unescape(e, log);
      }
    }
  }

  private static boolean isRssText(Element e) {
    String ns = e.getNamespaceURI();
    String name = e.getName();
    return ns.isEmpty() && RSS_TEXT.contains(name)
        || ns.equals(CONTENT) && name.equals("encoded")
        || ns.equals(DC) && (name.equals("title") || name.equals("description"))
        || ns.equals(ITUNES) && (name.equals("summary") || name.equals("subtitle"))
        || ns.equals(MEDIA) && (name.equals("title") || name.equals("description"));
  }

  private static void link(Element link, RepairLog log) {
    if (link.getAttribute("href") != null) {
      return;
    }
    String text = link.getTextTrim();
    if (!text.isEmpty()) {
      link.setAttribute("href", text);
      log.add(link, "link-without-href", "URL given as the link's text read as its href");
    } else {
      log.add(link, "link-without-href", "<link" + (link.getAttributeValue("rel") == null ? ""
          : " rel=\"" + link.getAttributeValue("rel") + "\"") + "> without href dropped");
      link.detach();
    }
  }

  private static void atom10(Element e, RepairLog log) {
    String type = Optional.ofNullable(e.getAttributeValue("type")).orElse("").strip().toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      type = "text"; // RFC 4287's default
    }
    if (type.equals("xhtml") || isXml(type)) {
      cdataAsText(e);
    } else if (type.equals("text") || type.equals("html") || type.startsWith("text/")) {
      if (hasElementChildren(e)) {
        unescape(e, log);
      }
    } else if (e.getAttribute("src") == null) {
      base64(e, type, "html", log);
    }
  }

  private static void atom03(Element e, RepairLog log) {
    String mode = Optional.ofNullable(e.getAttributeValue("mode")).orElse("xml").strip().toLowerCase(Locale.ROOT);
    String type = Optional.ofNullable(e.getAttributeValue("type")).orElse("text/plain").strip().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "base64" -> {
        if (!base64(e, type, null, log) && !e.getContent().isEmpty()) {
          e.removeContent(); // Rome would decode it into bytes, or fail on it
          log.add(e, "binary-dropped", "content marked base64 that is not base64 dropped");
        }
        e.setAttribute("mode", "escaped");
      }
      case "escaped" -> {
        if (hasElementChildren(e)) {
          unescape(e, log);
        }
      }
      default -> cdataAsText(e);
    }
  }

  /**
   * Decodes base64 content in place. Returns whether text is left in the element; {@code
   * newType} (when given) replaces the type of decoded text, so that Rome reads it verbatim.
   */
  private static boolean base64(Element e, String type, @Nullable String newType,
      RepairLog log) {
    String encoded = e.getText().replaceAll("\\s+", "");
    Optional<byte[]> bytes = decodeBase64(encoded);
    if (bytes.isEmpty()) {
      return false; // not base64 after all: read as it is
    }
    int slash = type.indexOf('/');
    boolean binaryType = BINARY_TYPES.contains(slash < 0 ? type : type.substring(0, slash));
    Optional<String> text = binaryType ? Optional.empty() : asText(bytes.get());
    if (text.isEmpty()) {
      e.removeContent();
      log.add(e, "binary-dropped", type + " content of " + bytes.get().length + " bytes dropped: it is not text");
      return false;
    }
    e.setText(text.get());
    if (newType != null) {
      e.setAttribute("type", type.startsWith("text/") && !type.equals("text/html") ? "text" : newType);
    }
    log.add(e, "base64", type + " content decoded from base64 (" + bytes.get().length + " bytes)");
    return true;
  }

  private static Optional<byte[]> decodeBase64(String encoded) {
    if (encoded.isEmpty() || encoded.length() % 4 != 0) {
      return Optional.empty();
    }
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=' && i >= encoded.length() - 2;
      if (!ok) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The bytes as UTF-8 text, when they are valid UTF-8 with no control character but whitespace. */
  private static Optional<String> asText(byte[] bytes) {
    Optional<String> text = TextDecoder.strict(bytes, 0, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < text.get().length(); i++) {
      char c = text.get().charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return Optional.empty();
      }
    }
    return text;
  }

  private static boolean isXml(String type) {
    return type.endsWith("+xml") || type.endsWith("/xml");
  }

  private static boolean hasElementChildren(Element e) {
    for (Content c : e.getContent()) {
      if (c instanceof Element) {
        return true;
      }
    }
    return false;
  }

  /** Replaces the element's mixed content by one text: text nodes as they are, child elements written out. */
  private static void unescape(Element e, RepairLog log) {
    List<Content> content = e.getContent();
    Element wrapper = loneXhtmlDiv(content);
    String html = serialize(wrapper == null ? content : wrapper.getContent());
    log.add(e, "unescaped-markup", (wrapper == null ? "markup inside <" + e.getQualifiedName() + "> kept as HTML"
        : "XHTML <div> inside HTML content read through") + " (it should have been escaped)");
    e.setContent(new Text(html));
  }

  private static @Nullable Element loneXhtmlDiv(List<Content> content) {
    Element div = null;
    for (Content c : content) {
      if (c instanceof Element child) {
        if (div != null || !child.getName().equals("div") || !child.getNamespaceURI().equals(XHTML)) {
          return null;
        }
        div = child;
      } else if (c instanceof Text t && !(t instanceof CDATA) && !t.getTextTrim().isEmpty()) {
        return null;
      }
    }
    return div;
  }

  private static String serialize(List<Content> content) {
    XMLOutputter outputter = new XMLOutputter(ContentRepair.AS_WRITTEN);
    StringBuilder out = new StringBuilder();
    for (Content c : content) {
      if (c instanceof Text t) {
        out.append(t.getText()); // CDATA included: both are HTML source here
      } else if (c instanceof Element child) {
        cdataAsText(child);
        withoutAtomNamespace(child);
        out.append(outputter.outputString(child));
      }
    }
    return out.toString();
  }

  /** Markup inside an Atom construct inherits Atom's default namespace; as HTML it has none (as Rome writes XHTML). */
  private static void withoutAtomNamespace(Element e) {
    List<Element> all = new ArrayList<>();
    all.add(e);
    e.getDescendants(Filters.element()).forEach(all::add);
    for (Element x : all) {
      if (x.getNamespace().equals(ATOM_10) || x.getNamespace().equals(ATOM_03)) {
        x.setNamespace(Namespace.NO_NAMESPACE);
      }
    }
  }

  /** CDATA sections under {@code e} become text, which an outputter escapes instead of writing {@code <![CDATA[}. */
  private static void cdataAsText(Element e) {
    List<CDATA> sections = new ArrayList<>();
    e.getDescendants(Filters.cdata()).forEach(sections::add);
    for (CDATA section : sections) {
      Element parent = section.getParentElement();
      int index = parent.indexOf(section);
      parent.setContent(index, new Text(section.getText()));
    }
  }
}
