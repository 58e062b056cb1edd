package io.feedpipe.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Lenient repairs applied to decoded feed text before the XML parser sees it, each one where the
 * meaning is clear: a byte-order mark or whitespace before the prolog is dropped, and HTML named
 * entities XML does not define ({@code &nbsp;}, {@code &rsquo;}, …) become numeric references —
 * outside CDATA sections and comments, where they are literal text. Pure and thread-safe.
 */
final class XmlRepair {
  private static final Map<String, String> ENTITIES = loadEntities();
  private static final java.util.Set<String> PREDEFINED = java.util.Set.of("amp", "lt", "gt", "quot", "apos");

  private XmlRepair() {}

  static String repair(String text) {
    int start = 0;
    while (start < text.length() && (text.charAt(start) == '\uFEFF' || Character.isWhitespace(text.charAt(start)))) {
      start++;
    }
    String s = start == 0 ? text : text.substring(start);
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
        out.append(c);
        i++;
      }
    }
    return out.toString();
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
