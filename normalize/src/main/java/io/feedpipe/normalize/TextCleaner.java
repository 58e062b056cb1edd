package io.feedpipe.normalize;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer.Form;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;

/**
 * Character-level repairs shared by every field: entities decoded (however many times a feed
 * escaped them, at most {@value #MAX_DECODE_ROUNDS} rounds), UTF-8-read-as-Windows-1252 mojibake
 * repaired, Unicode NFC, whitespace collapsed.
 */
final class TextCleaner {
  /** Bound on entity-decoding rounds: feeds escape twice, rarely three times. */
  static final int MAX_DECODE_ROUNDS = 8;

  private static final Pattern ENTITY = Pattern.compile("&(?:#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");
  static final Pattern TAG_LIKE = Pattern.compile("<\\s*/?\\s*[a-zA-Z!?][^<>]*>");
  private static final Pattern MOJIBAKE = Pattern.compile("[ÃÂâÅÄ][\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC\\u2013\\u2014\\u2018-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]");
  /** The characters {@link #isSpace} takes for white space, as a regex character class body. */
  static final String SPACE_CLASS = "\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
  /**
   * A run between white space, as blocks will split the text: mojibake is repaired run by run, so
   * a run must not hold a space the block turns into a plain one (repairing it again would then
   * split it and succeed where the first repair failed).
   */
  private static final Pattern NON_SPACE_RUN = Pattern.compile("[^" + SPACE_CLASS + "]+");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private TextCleaner() {}

  /** Whether the text still holds something that reads as an HTML tag. */
  static boolean looksLikeMarkup(String s) {
    return s.indexOf('<') >= 0 && TAG_LIKE.matcher(s).find();
  }

  /** Decodes entities left in already-decoded text (double-escaped feeds) and repairs mojibake. */
  static String repair(String s) {
    if (needsNoRepair(s)) {
      return s;
    }
    String out = dropInvisible(s);
    for (int round = 0; round < MAX_DECODE_ROUNDS && out.indexOf('&') >= 0 && ENTITY.matcher(out).find(); round++) {
      out = Parser.unescapeEntities(out, false);
    }
    out = repairMojibake(dropInvisible(out));
    if (!java.text.Normalizer.isNormalized(out, Form.NFC)) {
      out = java.text.Normalizer.normalize(out, Form.NFC);
    }
    return out;
  }

  /**
   * Whether {@link #repair} would return {@code s} unchanged, by one cheap scan: no entity, no
   * invisible character, no mojibake lead, and only characters that are already NFC on their own
   * and cannot combine with a neighbour (everything below U+0300 but U+00AD, and the common
   * typographic punctuation of U+2010–U+2026).
   */
  private static boolean needsNoRepair(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= ' ' && c < 0x7F) {
        if (c == '&') {
          return false;
        }
      } else if (c == '\n' || c == '\t' || c == '\r') {
        continue;
      } else if (c >= 0xA0 && c < 0x300) {
        if (c == '\u00AD' || c == 'Ã' || c == 'Â' || c == 'â' || c == 'Å' || c == 'Ä') {
          return false;
        }
      } else if (!(c >= '\u2010' && c <= '\u2026' && c != '\u2024' && c != '\u2025')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} is text as most text nodes are, in one scan: {@link #repair} returns it
   * unchanged (see {@link #needsNoRepair}), it holds no {@code <} (so no markup), and it is no
   * white space but single plain spaces between other characters, none invisible — text a
   * block takes as it is. False for the empty string.
   */
  static boolean isCleanPlainText(String s) {
    int len = s.length();
    if (len == 0 || s.charAt(0) == ' ' || s.charAt(len - 1) == ' ') {
      return false;
    }
    // String.indexOf runs vectorized: the markup characters and doubled spaces are searched for
    // first, so that the loop passes printable ASCII on one range test
    if (s.indexOf('&') >= 0 || s.indexOf('<') >= 0 || s.contains("  ")) {
      return false;
    }
    // a loop over a copy: String.charAt on a Latin-1 string costs about three times as much per character
    for (char c : s.toCharArray()) {
      if (c >= ' ' && c < 0x7F) {
        continue;
      }
      if (c > 0xA0 && c < 0x300) {
        if (c == '\u00AD' || c == 'Ã' || c == 'Â' || c == 'â' || c == 'Å' || c == 'Ä') {
          return false;
        }
      } else if (!(c >= '\u2010' && c <= '\u2026' && c != '\u2024' && c != '\u2025')) {
        return false; // controls, no-break and other spaces, invisible and combining characters, the rest
      }
    }
    return true;
  }

  /**
   * A one-line plain-text field (title, author, category): markup dropped, entities decoded,
   * mojibake repaired, NFC, whitespace collapsed and trimmed.
   */
  static String plainLine(String raw) {
    return isCleanPlainText(raw) ? raw : cleanLine(raw); // most titles are clean: one scan, no copies
  }

  /** {@link #plainLine} the whole way, for any text (what it returns for clean plain text is that text). */
  static String cleanLine(String raw) {
    String s = repair(raw);
    for (int round = 0; round < MAX_DECODE_ROUNDS && looksLikeMarkup(s); round++) {
      s = repair(Jsoup.parseBodyFragment(s).body().text());
    }
    if (looksLikeMarkup(s)) {
      s = TAG_LIKE.matcher(s).replaceAll(" ");
    }
    return collapse(s);
  }

  /** Collapses every run of whitespace (including no-break and other Unicode spaces) to one space; drops invisible characters. */
  static String collapse(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        pendingSpace = out.length() > 0;
      } else if (!isInvisible(c)) {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String dropInvisible(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isInvisible(s.charAt(i))) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          if (!isInvisible(c)) {
            sb.append(c);
          }
        }
        return sb.toString();
      }
    }
    return s;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B' || c == '\u00A0'
        || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029'
        || c == '\u202F' || c == '\u205F' || c == '\u3000';
  }

  /** Characters that carry no text: controls, zero-width marks, BOM, soft hyphen. */
  static boolean isInvisible(char c) {
    return (c < ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' && c != '\u000B') || (c >= '\u007F' && c <= '\u009F') || c == '\u00AD'
        || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF';
  }

  /**
   * Text that was UTF-8 but got read as Windows-1252 ("â€™" for "’") is re-encoded and decoded
   * again, one whitespace-separated run at a time, only when the run round-trips strictly;
   * otherwise it is left alone.
   */
  static String repairMojibake(String s) {
    if (!hasMojibakeLead(s) || !MOJIBAKE.matcher(s).find()) {
      return s;
    }
    Matcher run = NON_SPACE_RUN.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (run.find()) {
      String r = run.group();
      run.appendReplacement(out, Matcher.quoteReplacement(MOJIBAKE.matcher(r).find() ? repairRun(r) : r));
    }
    run.appendTail(out);
    return out.toString();
  }

  private static boolean hasMojibakeLead(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'Ã' || c == 'Â' || c == 'â' || c == 'Å' || c == 'Ä') {
        return true;
      }
    }
    return false;
  }

  private static String repairRun(String s) {
    try {
      CharsetEncoder encoder = WINDOWS_1252.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(s));
      String decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
      return decoded.length() < s.length() ? decoded : s;
    } catch (CharacterCodingException notMojibake) {
      return s; // genuine Latin text, or mixed: leave it as it is
    }
  }
}
