package io.feedpipe.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Lenient repairs applied to decoded feed text before the XML parser sees it, each one where the
 * meaning is clear:
 *
 * <ul>
 *   <li>a byte-order mark or whitespace before the prolog is dropped;
 *   <li>HTML named entities XML does not define ({@code &nbsp;}, {@code &rsquo;}, …) become numeric
 *       references, and a bare {@code &} becomes {@code &amp;} — outside CDATA sections and
 *       comments, where they are literal text;
 *   <li>C1 control characters and references to them ({@code &#146;}) are read as the windows-1252
 *       characters they were meant to be (as HTML5 does); {@code &#X41;} becomes {@code &#x41;};
 *   <li>a DOCTYPE that only names an external DTD (RSS 0.91's) is dropped — it would never be
 *       loaded anyway; a DOCTYPE with an internal subset (entity declarations) is left for the
 *       parser to refuse;
 *   <li>a final end tag cut off before its {@code >} is closed.
 * </ul>
 *
 * Pure and thread-safe.
 */
final class XmlRepair {
  private static final Map<String, String> ENTITIES = loadEntities();
  private static final java.util.Set<String> PREDEFINED = java.util.Set.of("amp", "lt", "gt", "quot", "apos");

  private XmlRepair() {}

  private static final java.util.regex.Pattern EXTERNAL_DOCTYPE = java.util.regex.Pattern.compile(
      "<!DOCTYPE\\s+[A-Za-z_:][-\\w.:]*(?:\\s+(?:PUBLIC\\s+(?:\"[^\"]*\"|'[^']*')\\s*(?:\"[^\"]*\"|'[^']*')?"
          + "|SYSTEM\\s+(?:\"[^\"]*\"|'[^']*')))?\\s*>");
  private static final java.util.regex.Pattern CUT_END_TAG = java.util.regex.Pattern.compile("</[A-Za-z_:][-\\w.:]*\\s*$");
  private static final java.nio.charset.Charset WINDOWS_1252 = java.nio.charset.Charset.forName("windows-1252");

  static String repair(String text) {
    int start = 0;
    while (start < text.length() && (text.charAt(start) == '\uFEFF' || Character.isWhitespace(text.charAt(start)))) {
      start++;
    }
    String s = start == 0 ? text : text.substring(start);
    s = demoronize(s);
    int doctype = s.indexOf("<!DOCTYPE");
    if (doctype >= 0 && doctype < 4096) {
      java.util.regex.Matcher m = EXTERNAL_DOCTYPE.matcher(s);
      if (m.find(doctype) && m.start() == doctype) {
        s = s.substring(0, doctype) + s.substring(m.end());
      }
    }
    // Only the last "</" can start a match (a later '<' cannot be part of the name or the
    // whitespace up to the end), so the search starts there instead of scanning the whole body.
    int lastEndTag = s.lastIndexOf("</");
    if (lastEndTag >= 0 && CUT_END_TAG.matcher(s).find(lastEndTag)) {
      s = s.stripTrailing() + ">";
    }
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 64);
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '<' && s.startsWith("<![CDATA[", i)) {
        int end = s.indexOf("]]>", i);
        end = end < 0 ? n : end + 3;
        out.append(s, i, end);
        i = end;
      } else if (c == '<' && s.startsWith("<!--", i)) {
        int end = s.indexOf("-->", i);
        end = end < 0 ? n : end + 3;
        out.append(s, i, end);
        i = end;
      } else if (c == '&') {
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
        String replacement = ENTITIES.get(name);
        if (replacement == null && i + 2 < n && s.charAt(i + 1) == '#') {
          replacement = numericReference(s, i);
          if (replacement != null) {
            out.append(replacement);
            i = s.indexOf(';', i) + 1;
            continue;
          }
        }
        if (replacement != null) {
          out.append(replacement);
          i = semi + 1;
        } else if (PREDEFINED.contains(name) || startsReference(s, i)) {
          out.append(c);
          i++;
        } else {
          // A bare ampersand ("Q&A") or an unknown entity is an error XML will not forgive; keep it as text.
          out.append("&amp;");
          i++;
        }
      } else {
        // plain text up to the next '<' or '&' in one append
        int next = i + 1;
        while (next < n && s.charAt(next) != '<' && s.charAt(next) != '&') {
          next++;
        }
        out.append(s, i, next);
        i = next;
      }
    }
    return out.toString();
  }

  /** A rewritten numeric reference at {@code i} (windows-1252 meaning of 128..159, lower-case x), or null to keep it. */
  private static @org.jspecify.annotations.Nullable String numericReference(String s, int i) {
    int semi = s.indexOf(';', i);
    if (semi < 0 || semi - i > 12) {
      return null;
    }
    String body = s.substring(i + 2, semi);
    int code;
    try {
      code = body.startsWith("x") || body.startsWith("X") ? Integer.parseInt(body.substring(1), 16) : Integer.parseInt(body);
    } catch (NumberFormatException e) {
      return null;
    }
    if (code >= 0x80 && code <= 0x9f) {
      char meant = new String(new byte[] {(byte) code}, WINDOWS_1252).charAt(0);
      return "&#" + (int) meant + ";";
    }
    return body.startsWith("X") ? "&#x" + body.substring(1) + ";" : null;
  }

  /** C1 control characters never belong in a feed; they are windows-1252 bytes decoded as Latin-1. */
  private static String demoronize(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 && c <= 0x9f) {
        if (out == null) {
          out = new StringBuilder(s.length());
          out.append(s, 0, i);
        }
        char meant = new String(new byte[] {(byte) c}, WINDOWS_1252).charAt(0);
        out.append(meant == '\uFFFD' ? c : meant);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean startsReference(String s, int i) {
    return i + 1 < s.length() && s.charAt(i + 1) == '#' && s.indexOf(';', i) > i;
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
