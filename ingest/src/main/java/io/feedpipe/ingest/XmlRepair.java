package io.feedpipe.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites feed text that the strict XML parser refused, or that holds characters a feed should
 * not, into well-formed XML: one pass, each repair where the meaning is clear, each recorded with
 * the entry it was found in. A well-formed document with nothing to repair comes back unchanged.
 *
 * <p>Characters and references: C0 control characters (and U+FFFE, U+FFFF, unpaired surrogates)
 * are dropped; C1 control characters and references to them ({@code &#146;}) are read as the
 * windows-1252 characters they were meant to be, as HTML5 does; HTML named entities XML does not
 * define ({@code &nbsp;}) become numeric references; an {@code &} that starts no reference becomes
 * {@code &amp;}; {@code &#X41;} becomes {@code &#x41;}. CDATA sections and comments are kept as
 * they are but for those characters.
 *
 * <p>Structure: an end tag closes the elements left open inside the element it names, and one that
 * names no open element is dropped (so is a root end tag with more markup after it); a namespace
 * prefix used without a declaration is declared where it is used (the usual URI for {@code dc},
 * {@code content}, {@code media}, {@code atom}, …; a private {@code urn:feedpipe:undeclared:}
 * URI for others, which nothing reads); whitespace around a namespace URI is dropped; unquoted and
 * valueless attributes are quoted, a repeated attribute dropped; a {@code <} that starts no markup
 * becomes {@code &lt;}; a misplaced XML declaration, text outside the root and anything after the
 * root element are dropped; at the end of the text every open element is closed (an entry left open
 * is reported in {@link Repaired#cutEntry()}: the document was cut off inside it).
 *
 * <p>DOCTYPE: dropped, since the parser refuses every DOCTYPE (external DTDs are never loaded); the
 * general entities its internal subset declares with plain literal values (no markup, no
 * reference) are expanded where they are used — at most {@value #MAX_ENTITIES} entities of at
 * most {@value #MAX_ENTITY_CHARS} characters, and at most the document's own length (plus 1 MB) of
 * expansion in all, so no declaration can make a document grow without bound. Parameter entities
 * (imported entity sets, such as XHTML's) are never loaded; the HTML entities they name are read
 * as above. A subset declaring any other general entity (an external one, or one referring to
 * another) makes the whole text refused ({@link Repaired#refused()}): such a document is built to
 * be expanded, and it never is.
 *
 * <p>Entries (for attributing repairs) are the elements named {@code item} or {@code entry} whose
 * parent is named {@code channel}, {@code rss}, {@code RDF} or {@code feed}, numbered in document
 * order. Pure and thread-safe.
 */
final class XmlRepair {
  /** Entities of an internal DTD subset that are expanded, at most. */
  static final int MAX_ENTITIES = 256;
  /** Longest replacement text of an internal entity that is expanded. */
  static final int MAX_ENTITY_CHARS = 4096;

  private static final Map<String, String> ENTITIES = loadEntities();
  private static final Set<String> PREDEFINED = Set.of("amp", "lt", "gt", "quot", "apos");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Set<String> ENTRY_PARENTS = Set.of("channel", "rss", "rdf", "feed");
  private static final Pattern PARAMETER_ENTITY = Pattern.compile("<!ENTITY\\s+%");
  private static final Pattern INTERNAL_ENTITY = Pattern.compile(
      "<!ENTITY\\s+([A-Za-z_][-\\w.]*)\\s+(?:\"([^\"<&]*)\"|'([^'<&]*)')\\s*>");
  /** The namespaces feeds most often use without declaring them, by their usual prefix. */
  private static final Map<String, String> KNOWN_PREFIXES = Map.ofEntries(
      Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
      Map.entry("dcterms", "http://purl.org/dc/terms/"),
      Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
      Map.entry("media", "http://search.yahoo.com/mrss/"),
      Map.entry("atom", "http://www.w3.org/2005/Atom"),
      Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
      Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
      Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
      Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
      Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"),
      Map.entry("georss", "http://www.georss.org/georss"),
      Map.entry("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
      Map.entry("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
      Map.entry("xhtml", "http://www.w3.org/1999/xhtml"),
      Map.entry("thr", "http://purl.org/syndication/thread/1.0"),
      Map.entry("admin", "http://webns.net/mvcb/"),
      Map.entry("googleplay", "http://www.google.com/schemas/play-podcasts/1.0"));

  /**
   * The rewritten text and what was repaired.
   *
   * @param text well-formed XML when the repairs sufficed
   * @param found what was repaired, one per entry, kind and element, in the order first found
   * @param entries how many entries the text holds
   * @param cutEntry the entry the text ended inside (it was cut off), or -1
   * @param refused why the text must not be read at all (a DOCTYPE declaring general entities that
   *     are never expanded: external or nested ones), when it must not
   */
  record Repaired(String text, List<Found> found, int entries, int cutEntry, Optional<String> refused) {
    Repaired {
      found = List.copyOf(found);
    }
  }

  /**
   * Repairs of one kind in one element of one entry.
   *
   * @param entry the entry's number, -1 outside every entry
   * @param kind a {@link io.feedpipe.model.Repair} kind
   * @param where the entry's child element (or the innermost element outside entries; {@code
   *     document} outside the root)
   * @param detail what was found and done
   */
  record Found(int entry, String kind, String where, String detail) {}

  private XmlRepair() {}

  /**
   * Whether {@code text} needs this class before a strict parser sees it: it holds something the
   * parser accepts but this class rewrites (a C1 control character, a numeric reference to one), or
   * a reference the parser is sure to refuse (an entity XML does not define, a bare {@code &}), which
   * would only cost a failed parse first. Other defects are found by the parser failing.
   */
  static boolean needsRepair(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && c <= 0x9f) {
        return true;
      }
      if (c == '<' && i + 3 < n && text.charAt(i + 1) == '!') {
        // references mean nothing inside CDATA sections and comments: skip them, but not their C1 characters
        String close = text.startsWith("<![CDATA[", i) ? "]]>" : text.startsWith("<!--", i) ? "-->" : null;
        int end = close == null ? -1 : text.indexOf(close, i);
        if (end > 0) {
          for (int k = i; k < end; k++) {
            char d = text.charAt(k);
            if (d >= 0x80 && d <= 0x9f) {
              return true;
            }
          }
          i = end;
        }
      } else if (c == '&') {
        if (i + 2 < n && text.charAt(i + 1) == '#') {
          int code = numericValue(text, i);
          if (code < 0 || code >= 0x80 && code <= 0x9f) {
            return true;
          }
        } else if (!startsPredefined(text, i)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean startsPredefined(String s, int i) {
    return s.startsWith("&amp;", i) || s.startsWith("&lt;", i) || s.startsWith("&gt;", i) || s.startsWith("&quot;", i)
        || s.startsWith("&apos;", i);
  }

  /** The text rewritten, with what was repaired. */
  static Repaired recover(String text) {
    return new Rewriter(text).run();
  }

  /** The text rewritten (for documents whose repairs nobody reads, such as an OPML file). */
  static String repair(String text) {
    return recover(text).text();
  }

  /** The value of the numeric character reference at {@code i} ({@code &#…;}, at most 12 characters), else -1. */
  private static int numericValue(String s, int i) {
    int semi = s.indexOf(';', i);
    if (semi < 0 || semi - i > 12 || semi - i < 3) {
      return -1;
    }
    boolean hex = s.charAt(i + 2) == 'x' || s.charAt(i + 2) == 'X';
    int from = hex ? i + 3 : i + 2;
    if (from >= semi) {
      return -1;
    }
    int value = 0;
    for (int k = from; k < semi; k++) {
      int digit = Character.digit(s.charAt(k), hex ? 16 : 10);
      if (digit < 0 || s.charAt(k) > 'f') {
        return -1;
      }
      value = value * (hex ? 16 : 10) + digit;
      if (value > 0x10FFFF) {
        return -1;
      }
    }
    return value;
  }

  private static boolean isXmlChar(int cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':' || c == '\u00B7'
        || Character.getType(c) == Character.NON_SPACING_MARK;
  }

  private static String localName(String qname) {
    return qname.substring(qname.indexOf(':') + 1);
  }

  private static String codePoint(int c) {
    return String.format(Locale.ROOT, "U+%04X", c);
  }

  /** One pass over one text. Not thread-safe; one per call. */
  private static final class Rewriter {
    private final String s;
    private final int n;
    private final StringBuilder out;
    private int i;
    /** Qualified names of the open elements, outermost first. */
    private final List<String> open = new ArrayList<>();
    /** Per open element, the prefixes it declares (null when none). */
    private final List<@Nullable Map<String, String>> declared = new ArrayList<>();
    private boolean rootSeen;
    private boolean rootClosed;
    private int entries;
    private int entryDepth = -1;
    private int currentEntry = -1;
    private int cutEntry = -1;
    private final Map<String, String> dtdEntities = new HashMap<>();
    private @Nullable String refused;
    private long expansionBudget;
    private final Map<Place, Tally> found = new LinkedHashMap<>();

    Rewriter(String s) {
      this.s = s;
      this.n = s.length();
      this.out = new StringBuilder(n + 64);
      this.expansionBudget = n + 1_000_000L;
    }

    Repaired run() {
      while (i < n && (s.charAt(i) == '\uFEFF' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      while (i < n) {
        char c = s.charAt(i);
        if (c == '<') {
          markup();
        } else if (c == '&') {
          if (outsideRoot()) {
            i++;
            note(-1, "malformed-markup", "document", "text outside the root element dropped");
          } else {
            reference(out);
          }
        } else {
          text(c);
        }
      }
      finish();
      List<Found> list = new ArrayList<>();
      found.forEach((place, tally) -> list.add(new Found(place.entry(), place.kind(), place.where(),
          tally.describe(place.kind()))));
      return new Repaired(out.toString(), list, entries, cutEntry, Optional.ofNullable(refused));
    }

    private boolean outsideRoot() {
      return open.isEmpty();
    }

    private void text(char c) {
      if (outsideRoot()) {
        if (Character.isWhitespace(c)) {
          out.append(c);
        } else {
          note(-1, "malformed-markup", "document", "text outside the root element dropped");
        }
        i++;
        return;
      }
      if (c == '>' && out.length() >= 2 && out.charAt(out.length() - 1) == ']' && out.charAt(out.length() - 2) == ']') {
        out.append("&gt;");
        note("malformed-markup", "']]>' in text escaped");
        i++;
        return;
      }
      int plain = i;
      while (plain < n && isPlain(s.charAt(plain))) {
        plain++;
      }
      if (plain > i) {
        out.append(s, i, plain); // most text needs no repair: one append per run
        i = plain;
      } else {
        i += character(out, c);
      }
    }

    /** Copies the text up to {@code end} (inside a comment, CDATA section or processing instruction), repairing characters. */
    private void copyTo(int end) {
      while (i < end) {
        int plain = i;
        while (plain < end && isPlainLiteral(s.charAt(plain))) {
          plain++;
        }
        out.append(s, i, plain);
        i = plain;
        if (i < end) {
          i += character(out, s.charAt(i));
        }
      }
    }

    /** A character kept as it is where markup is literal: none of controls, C1 or surrogates. */
    private static boolean isPlainLiteral(char c) {
      return c >= 0x20 && (c < 0x80 || c > 0x9f) && (c < 0xD800 || c > 0xDFFF) && c < 0xFFFE
          || c == '\n' || c == '\t' || c == '\r';
    }

    /** A character that text keeps as it is: none of markup, references, controls, C1, surrogates or '>'. */
    private static boolean isPlain(char c) {
      return c >= 0x20 && c != '<' && c != '&' && c != '>' && (c < 0x80 || c > 0x9f) && (c < 0xD800 || c > 0xDFFF)
          && c < 0xFFFE || c == '\n' || c == '\t' || c == '\r';
    }

    /** Appends the character at {@code i} (which is {@code c}) to {@code to}, repaired; returns how many chars were read. */
    private int character(StringBuilder to, char c) {
      if (c >= 0x80 && c <= 0x9f) {
        char meant = new String(new byte[] {(byte) c}, WINDOWS_1252).charAt(0);
        if (meant == '\uFFFD') {
          to.append(c);
        } else {
          to.append(meant);
          note("mojibake", codePoint(c) + " read as " + meant);
        }
        return 1;
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
        note("control-char", codePoint(c));
        return 1;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          to.append(c).append(s.charAt(i + 1));
          return 2;
        }
        note("control-char", "unpaired surrogate " + codePoint(c));
        return 1;
      }
      to.append(c);
      return 1;
    }

    /** At an '&': a reference kept, rewritten or expanded, or a bare ampersand escaped. */
    private void reference(StringBuilder to) {
      int semi = -1;
      for (int j = i + 1; j < n && j < i + 40; j++) {
        char d = s.charAt(j);
        if (d == ';') {
          semi = j;
          break;
        }
        if (!Character.isLetterOrDigit(d)) {
          break;
        }
      }
      String name = semi > 0 ? s.substring(i + 1, semi) : "";
      if (!name.isEmpty()) {
        String html = ENTITIES.get(name);
        if (html != null) {
          to.append(html);
          note("html-entity", "&" + name + ";");
          i = semi + 1;
          return;
        }
        if (PREDEFINED.contains(name)) {
          to.append(s, i, semi + 1);
          i = semi + 1;
          return;
        }
        String value = dtdEntities.get(name);
        if (value != null && expansionBudget >= value.length()) {
          expansionBudget -= value.length();
          to.append(value);
          i = semi + 1;
          return;
        }
      }
      if (i + 2 < n && s.charAt(i + 1) == '#') {
        int code = numericValue(s, i);
        if (code >= 0) {
          int end = s.indexOf(';', i) + 1;
          if (code >= 0x80 && code <= 0x9f) {
            char meant = new String(new byte[] {(byte) code}, WINDOWS_1252).charAt(0);
            to.append("&#").append((int) meant).append(';');
            note("mojibake", s.substring(i, end) + " read as " + meant);
          } else if (!isXmlChar(code)) {
            note("control-char", s.substring(i, end));
          } else if (s.charAt(i + 2) == 'X') {
            to.append("&#x").append(s, i + 3, end);
            note("malformed-markup", "'&#X' read as '&#x'");
          } else {
            to.append(s, i, end);
          }
          i = end;
          return;
        }
      }
      to.append("&amp;");
      int end = i + 1;
      while (end < n && end < i + 12 && s.charAt(end) != '<' && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      note("bare-ampersand", s.substring(i, end));
      i++;
    }

    private void markup() {
      if (s.startsWith("<!--", i)) {
        comment();
      } else if (s.startsWith("<![CDATA[", i)) {
        cdata();
      } else if (s.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
        doctype();
      } else if (s.startsWith("<!", i)) {
        skipTo('>', "'<!' markup that is no comment, CDATA section or DOCTYPE dropped");
      } else if (s.startsWith("<?", i)) {
        processingInstruction();
      } else if (s.startsWith("</", i)) {
        endTag();
      } else if (i + 1 < n && isNameStart(s.charAt(i + 1))) {
        startTag();
      } else if (outsideRoot()) {
        note(-1, "malformed-markup", "document", "text outside the root element dropped");
        i++;
      } else {
        out.append("&lt;");
        note("malformed-markup", "'<' that starts no tag kept as text");
        i++;
      }
    }

    private void comment() {
      int end = s.indexOf("-->", i + 4);
      if (end < 0) {
        skipTo('>', "unterminated comment dropped");
        return;
      }
      String body = s.substring(i + 4, end);
      if (body.contains("--") || body.endsWith("-")) {
        note("malformed-markup", "comment holding '--' dropped");
        i = end + 3;
        return;
      }
      out.append("<!--");
      i += 4;
      copyTo(end);
      out.append("-->");
      i = end + 3;
    }

    private void cdata() {
      int end = s.indexOf("]]>", i + 9);
      if (outsideRoot()) {
        note(-1, "malformed-markup", "document", "text outside the root element dropped");
        i = end < 0 ? n : end + 3;
        return;
      }
      int bodyEnd = end;
      if (end < 0) {
        // an unterminated section ends where its element does, if that end tag follows
        String close = "</" + open.get(open.size() - 1) + ">";
        int at = s.indexOf(close, i + 9);
        bodyEnd = at < 0 ? n : at;
        note("malformed-markup", "unterminated CDATA section closed");
      }
      out.append("<![CDATA[");
      i += 9;
      copyTo(bodyEnd);
      out.append("]]>");
      i = end < 0 ? bodyEnd : end + 3;
    }

    private void doctype() {
      int j = i + 9;
      int subsetStart = -1;
      int subsetEnd = -1;
      char quote = 0;
      for (; j < n; j++) {
        char c = s.charAt(j);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[' && subsetStart < 0) {
          subsetStart = j + 1;
        } else if (c == ']' && subsetStart >= 0 && subsetEnd < 0) {
          subsetEnd = j;
        } else if (c == '>' && (subsetStart < 0 || subsetEnd >= 0)) {
          break;
        }
      }
      if (rootSeen) {
        note("malformed-markup", "DOCTYPE inside the document dropped");
      } else if (subsetStart >= 0 && subsetEnd >= 0) {
        String subset = s.substring(subsetStart, subsetEnd);
        Matcher m = INTERNAL_ENTITY.matcher(subset);
        int defined = 0;
        for (int at = subset.indexOf("<!ENTITY"); at >= 0; at = subset.indexOf("<!ENTITY", at + 1)) {
          if (PARAMETER_ENTITY.matcher(subset).region(at, subset.length()).lookingAt()) {
            continue; // a parameter entity (an imported entity set) is never loaded nor expanded
          }
          if (!m.find(at) || m.start() != at) {
            refused = "a DOCTYPE declaring external or nested general entities is refused (they are never expanded)";
            break;
          }
          String value = m.group(2) != null ? m.group(2) : m.group(3);
          if (defined < MAX_ENTITIES && value.length() <= MAX_ENTITY_CHARS && !PREDEFINED.contains(m.group(1))) {
            dtdEntities.putIfAbsent(m.group(1), value);
            defined++;
          }
        }
        note(-1, "doctype", "document", "DOCTYPE dropped (a DOCTYPE is never parsed); "
            + (defined == 0 ? "its internal subset declares no entity" : defined + " plain internal entities expanded"));
      } else {
        note(-1, "doctype", "document", "DOCTYPE dropped (external DTDs are never loaded)");
      }
      i = Math.min(n, j + 1);
    }

    private void processingInstruction() {
      int end = s.indexOf("?>", i + 2);
      int nameEnd = i + 2;
      while (nameEnd < n && isNameChar(s.charAt(nameEnd))) {
        nameEnd++;
      }
      String target = s.substring(i + 2, nameEnd);
      if (end < 0) {
        skipTo('>', "unterminated processing instruction dropped");
        return;
      }
      if (target.equalsIgnoreCase("xml") && out.length() > 0) {
        note("malformed-markup", "XML declaration not at the start dropped");
      } else if (target.isEmpty()) {
        note("malformed-markup", "processing instruction without a target dropped");
      } else {
        copyTo(end + 2);
        return;
      }
      i = end + 2;
    }

    /** Drops everything up to and including the next {@code stop} (or the rest of the text). */
    private void skipTo(char stop, String what) {
      int end = s.indexOf(stop, i + 1);
      note("malformed-markup", what);
      i = end < 0 ? n : end + 1;
    }

    private void startTag() {
      int j = i + 1;
      while (j < n && isNameChar(s.charAt(j))) {
        j++;
      }
      String name = s.substring(i + 1, j);
      if (rootClosed) {
        note(-1, "malformed-markup", "document", "content after the root element dropped");
        i = n;
        return;
      }
      StringBuilder tag = new StringBuilder(j - i + 32).append('<').append(name);
      Map<String, String> decls = null;
      List<String> attributeNames = new ArrayList<>(4); // a handful at most: a list is the cheaper set
      List<String> tagNotes = new ArrayList<>();
      boolean selfClosing = false;
      i = j;
      while (true) {
        if (i >= n) {
          tagNotes.add("malformed-markup|tag <" + name + "> cut off by the end of the text");
          break;
        }
        char c = s.charAt(i);
        if (c == '>') {
          i++;
          break;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '>') {
          selfClosing = true;
          i += 2;
          break;
        }
        if (c == '<') {
          tagNotes.add("malformed-markup|tag <" + name + "> not closed before the next '<'");
          break;
        }
        if (Character.isWhitespace(c)) {
          tag.append(c);
          i++;
          continue;
        }
        if (!isNameStart(c)) {
          tagNotes.add("malformed-markup|stray '" + c + "' in tag <" + name + "> dropped");
          i++;
          continue;
        }
        int a = i;
        while (i < n && isNameChar(s.charAt(i))) {
          i++;
        }
        String attribute = s.substring(a, i);
        StringBuilder raw = new StringBuilder(attribute);
        int k = i;
        while (k < n && Character.isWhitespace(s.charAt(k))) {
          k++;
        }
        String value;
        if (k < n && s.charAt(k) == '=') {
          raw.append(s, i, k + 1);
          k++;
          while (k < n && Character.isWhitespace(s.charAt(k))) {
            raw.append(s.charAt(k));
            k++;
          }
          i = k;
          value = attributeValue(raw, name, tagNotes);
        } else {
          value = attribute;
          raw.append("=\"").append(attribute).append('"');
          tagNotes.add("malformed-markup|attribute " + attribute + " without a value given its name as value");
        }
        if (attributeNames.contains(attribute)) {
          tagNotes.add("malformed-markup|repeated attribute " + attribute + " dropped");
          trimTrailingWhitespace(tag);
          continue;
        }
        attributeNames.add(attribute);
        if (attribute.equals("xmlns") || attribute.startsWith("xmlns:")) {
          String prefix = attribute.equals("xmlns") ? "" : attribute.substring(6);
          String uri = value.strip();
          if (uri.isEmpty() && !prefix.isEmpty()) {
            tagNotes.add("malformed-markup|empty declaration of prefix " + prefix + " dropped");
            trimTrailingWhitespace(tag);
            continue;
          }
          if (!uri.equals(value)) {
            tagNotes.add("namespace-whitespace|'" + value + "'");
            raw.setLength(0);
            raw.append(attribute).append("=\"").append(uri).append('"');
          }
          if (decls == null) {
            decls = new HashMap<>();
          }
          decls.put(prefix, uri);
        }
        tag.append(raw);
      }
      // prefixes used but declared nowhere are declared here
      List<String> prefixes = new ArrayList<>();
      prefixes.add(name.contains(":") ? name.substring(0, name.indexOf(':')) : "");
      for (String attribute : attributeNames) {
        if (attribute.contains(":") && !attribute.startsWith("xmlns:")) {
          prefixes.add(attribute.substring(0, attribute.indexOf(':')));
        }
      }
      for (String prefix : prefixes) {
        if (prefix.isEmpty() || prefix.equals("xml") || prefix.equals("xmlns") || isDeclared(prefix, decls)) {
          continue;
        }
        String uri = KNOWN_PREFIXES.getOrDefault(prefix.toLowerCase(Locale.ROOT), "urn:feedpipe:undeclared:" + prefix);
        if (decls == null) {
          decls = new HashMap<>();
        }
        decls.put(prefix, uri);
        tag.append(" xmlns:").append(prefix).append("=\"").append(uri).append('"');
        tagNotes.add("undeclared-prefix|" + prefix + " bound to " + uri);
      }
      if (!tagNotes.isEmpty()) {
        trimTrailingWhitespace(tag); // whitespace before a repaired end of tag goes with it
      }
      tag.append(selfClosing ? "/>" : ">");
      String parent = open.isEmpty() ? "" : localName(open.get(open.size() - 1)).toLowerCase(Locale.ROOT);
      boolean entry = entryDepth < 0 && ENTRY_PARENTS.contains(parent)
          && (localName(name).equalsIgnoreCase("item") || localName(name).equalsIgnoreCase("entry"));
      rootSeen = true;
      out.append(tag);
      if (entry) {
        currentEntry = entries++;
      }
      if (!selfClosing) {
        open.add(name);
        declared.add(decls);
        if (entry) {
          entryDepth = open.size() - 1;
        }
      }
      for (String t : tagNotes) {
        int bar = t.indexOf('|');
        note(t.substring(0, bar), t.substring(bar + 1));
      }
    }

    private static void trimTrailingWhitespace(StringBuilder tag) {
      while (Character.isWhitespace(tag.charAt(tag.length() - 1))) {
        tag.setLength(tag.length() - 1);
      }
    }

    /** Reads an attribute value at {@code i} into {@code raw} (quoted as given, or quoted here); returns its text. */
    private String attributeValue(StringBuilder raw, String element, List<String> tagNotes) {
      StringBuilder value = new StringBuilder();
      char quote = i < n ? s.charAt(i) : 0;
      boolean quoted = quote == '"' || quote == '\'';
      if (!quoted) {
        quote = '"';
        tagNotes.add("malformed-markup|unquoted attribute value in <" + element + "> quoted");
      } else {
        i++;
      }
      raw.append(quote);
      int start = raw.length();
      while (i < n) {
        char c = s.charAt(i);
        if (quoted ? c == quote : Character.isWhitespace(c) || c == '>' || c == '/' && i + 1 < n && s.charAt(i + 1) == '>') {
          break;
        }
        if (quoted && c == '<' && s.indexOf(quote, i) < 0) {
          break; // an unterminated value ends before the next tag
        }
        if (c == '<') {
          raw.append("&lt;");
          tagNotes.add("malformed-markup|'<' in an attribute value of <" + element + "> escaped");
          i++;
        } else if (c == '&') {
          reference(raw);
        } else if (c == '"' && !quoted) {
          raw.append("&quot;");
          i++;
        } else {
          i += character(raw, c);
        }
      }
      value.append(raw, start, raw.length());
      if (quoted && i < n && s.charAt(i) == quote) {
        i++;
      } else if (quoted) {
        tagNotes.add("malformed-markup|unterminated attribute value in <" + element + "> closed");
      }
      raw.append(quote);
      return value.toString();
    }

    private boolean isDeclared(String prefix, Map<String, String> own) {
      if (own != null && own.containsKey(prefix)) {
        return true;
      }
      for (int k = declared.size() - 1; k >= 0; k--) {
        Map<String, String> d = declared.get(k);
        if (d != null && d.containsKey(prefix)) {
          return true;
        }
      }
      return false;
    }

    private void endTag() {
      int j = i + 2;
      while (j < n && isNameChar(s.charAt(j))) {
        j++;
      }
      String name = s.substring(i + 2, j);
      while (j < n && Character.isWhitespace(s.charAt(j))) {
        j++;
      }
      boolean closed = j < n && s.charAt(j) == '>';
      String cut = null;
      if (closed) {
        j++;
      } else if (j >= n) {
        cut = "final end tag </" + name + " completed";
      } else if (s.charAt(j) == '<') {
        note("malformed-markup", "end tag </" + name + " without '>'");
      } else {
        int gt = s.indexOf('>', j);
        int lt = s.indexOf('<', j);
        j = gt >= 0 && (lt < 0 || gt < lt) ? gt + 1 : lt < 0 ? n : lt;
        note("malformed-markup", "end tag </" + name + "> with stray characters");
      }
      int k = open.size() - 1;
      while (k >= 0 && !open.get(k).equals(name)) {
        k--;
      }
      if (k < 0) {
        k = open.size() - 1;
        while (k >= 0 && !open.get(k).equalsIgnoreCase(name)) {
          k--;
        }
      }
      if (k < 0 || name.isEmpty()) {
        note("mismatched-tag", "stray </" + name + "> dropped");
        i = j;
        return;
      }
      if (k == 0 && open.size() > 1 && s.indexOf('<', j) >= 0 && moreElementsFollow(j)) {
        note("mismatched-tag", "</" + name + "> before the end of the document dropped");
        i = j;
        return;
      }
      boolean exact = k == open.size() - 1 && open.get(k).equals(name) && closed;
      if (exact) {
        out.append(s, i, j);
      } else {
        for (int top = open.size() - 1; top > k; top--) {
          note("mismatched-tag", "</" + name + "> closed <" + open.get(top) + "> left open");
          close(top);
        }
        if (!open.get(k).equals(name)) {
          note("mismatched-tag", "</" + name + "> read as </" + open.get(k) + ">");
        }
      }
      if (cut != null) {
        note("cut-off", cut);
      }
      if (!exact) {
        close(k);
      } else {
        pop();
      }
      i = j;
    }

    /** Whether a start tag follows {@code from} (so a root end tag there is not the document's end). */
    private boolean moreElementsFollow(int from) {
      for (int k = s.indexOf('<', from); k >= 0 && k + 1 < n; k = s.indexOf('<', k + 1)) {
        if (isNameStart(s.charAt(k + 1))) {
          return true;
        }
      }
      return false;
    }

    /** Writes the end tag of the open element at {@code index} (the innermost) and pops it. */
    private void close(int index) {
      out.append("</").append(open.get(index)).append('>');
      pop();
    }

    private void pop() {
      int top = open.size() - 1;
      open.remove(top);
      declared.remove(top);
      if (top == entryDepth) {
        entryDepth = -1;
      }
      if (open.isEmpty()) {
        rootClosed = true;
      }
    }

    private void finish() {
      if (open.isEmpty()) {
        return;
      }
      if (entryDepth >= 0) {
        cutEntry = currentEntry;
      }
      String innermost = open.get(open.size() - 1);
      int count = open.size();
      note(entryDepth >= 0 ? currentEntry : -1, "cut-off", entryDepth >= 0 ? where() : "document",
          "the text ends inside <" + innermost + ">; " + count + " open element" + (count == 1 ? "" : "s") + " closed");
      while (!open.isEmpty()) {
        close(open.size() - 1);
      }
    }

    private String where() {
      if (entryDepth >= 0) {
        return open.get(Math.min(open.size() - 1, entryDepth + 1));
      }
      return open.isEmpty() ? "document" : open.get(open.size() - 1);
    }

    private void note(String kind, String sample) {
      note(entryDepth >= 0 ? currentEntry : -1, kind, where(), sample);
    }

    private void note(int entry, String kind, String where, String sample) {
      found.computeIfAbsent(new Place(entry, kind, where), k -> new Tally()).add(sample);
    }
  }

  /** Where repairs of one kind are tallied: an entry (-1 outside them) and its element. */
  private record Place(int entry, String kind, String where) {}

  /** How often one kind of repair was made in one place, with the first few distinct examples. */
  private static final class Tally {
    private int count;
    private final Set<String> samples = new LinkedHashSet<>();

    void add(String sample) {
      count++;
      if (samples.size() < 3) {
        samples.add(sample);
      }
    }

    String describe(String kind) {
      String what = switch (kind) {
        case "control-char" -> "control characters dropped";
        case "mojibake" -> "C1 control characters read as the windows-1252 characters they stand for";
        case "html-entity" -> "HTML entities XML does not define read as characters";
        case "bare-ampersand" -> "'&' starting no reference kept as text";
        case "undeclared-prefix" -> "namespace prefixes used without a declaration";
        case "namespace-whitespace" -> "whitespace around a namespace URI dropped";
        case "mismatched-tag" -> "end tags that did not match";
        default -> "";
      };
      String examples = String.join("; ", samples);
      String counted = count == 1 ? "" : count + " × ";
      return what.isEmpty() ? counted + examples : counted + what + ": " + examples;
    }
  }

  private static Map<String, String> loadEntities() {
    Properties p = new Properties();
    try (InputStream in = XmlRepair.class.getResourceAsStream("html-entities.properties")) {
      if (in == null) {
        throw new IllegalStateException("html-entities.properties is missing from the ingest jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read html-entities.properties", e);
    }
    Map<String, String> map = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      StringBuilder refs = new StringBuilder();
      for (String cp : p.getProperty(name).strip().split(" ")) {
        refs.append("&#").append(cp).append(';');
      }
      map.put(name, refs.toString());
    }
    return Map.copyOf(map);
  }
}
