package io.feedpipe.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns feed bytes into text without ever inventing U+FFFD: every candidate charset is tried with
 * a decoder that reports malformed input, in this order — byte-order mark; the XML specification's
 * UTF-16/32 sniffing; the HTTP {@code charset}; the XML declaration's {@code encoding}; UTF-8;
 * windows-1252. Valid multi-byte UTF-8 declared as a single-byte Latin charset is read as UTF-8
 * (the declaration is the likelier error). When nothing decodes, the result is a charset error.
 * Pure and thread-safe.
 */
final class TextDecoder {
  private static final Pattern XML_ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Pattern HTTP_CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

  /** Text and how it was obtained. */
  sealed interface Result {}

  /**
   * @param note set when the declared charset was wrong or missing and another was chosen
   */
  record Decoded(String text, Charset charset, Optional<String> note) implements Result {}

  record Undecodable(String message) implements Result {}

  private TextDecoder() {}

  static Optional<String> httpCharset(Optional<String> contentType) {
    return contentType.map(HTTP_CHARSET::matcher).filter(Matcher::find).map(m -> m.group(1));
  }

  static Result decode(byte[] bytes, Optional<String> contentType) {
    Optional<Charset> bom = bomCharset(bytes);
    if (bom.isPresent()) {
      int skip = bomLength(bom.get());
      return strict(bytes, skip, bom.get())
          .<Result>map(text -> new Decoded(text, bom.get(), Optional.empty()))
          .orElseGet(() -> new Undecodable("byte-order mark says " + bom.get() + " but the bytes are not valid " + bom.get()));
    }
    Optional<Charset> sniffed = sniffWide(bytes);
    if (sniffed.isPresent()) {
      return strict(bytes, 0, sniffed.get())
          .<Result>map(text -> new Decoded(text, sniffed.get(), Optional.empty()))
          .orElseGet(() -> new Undecodable("bytes look like " + sniffed.get() + " but are not valid " + sniffed.get()));
    }
    Optional<String> http = httpCharset(contentType);
    Optional<String> xml = xmlDeclaredEncoding(bytes);
    Set<Charset> candidates = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (Optional<String> declared : List.of(http, xml)) {
      declared.ifPresent(name -> charset(name).ifPresentOrElse(c -> {
        // A UTF-16/32 declaration on bytes that were readable as ASCII is impossible: ignore it.
        if (!c.name().startsWith("UTF-16") && !c.name().startsWith("UTF-32")) {
          candidates.add(c);
        }
      }, () -> unknown.add(name)));
    }
    Optional<Charset> firstDeclared = candidates.stream().findFirst();
    if (firstDeclared.isPresent() && isSingleByteLatin(firstDeclared.get()) && hasMultiByteUtf8(bytes)) {
      Optional<String> utf8 = strict(bytes, 0, StandardCharsets.UTF_8);
      if (utf8.isPresent()) {
        return new Decoded(utf8.get(), StandardCharsets.UTF_8, Optional.of(
            "declared " + firstDeclared.get() + " but the bytes are valid UTF-8 with non-ASCII characters; read as UTF-8"));
      }
    }
    candidates.add(StandardCharsets.UTF_8);
    candidates.add(WINDOWS_1252);
    for (Charset c : candidates) {
      Optional<String> text = strict(bytes, 0, c);
      if (text.isPresent()) {
        Optional<String> note = Optional.empty();
        if (firstDeclared.isPresent() && !firstDeclared.get().equals(c)) {
          note = Optional.of("declared " + firstDeclared.get() + " but the bytes are not valid " + firstDeclared.get() + "; read as " + c);
        } else if (firstDeclared.isEmpty() && c.equals(WINDOWS_1252) && !isAscii(bytes)) {
          note = Optional.of("no charset declared and the bytes are not UTF-8; read as windows-1252");
        } else if (!unknown.isEmpty()) {
          note = Optional.of("unknown charset " + unknown.get(0) + " declared; read as " + c);
        }
        return new Decoded(text.get(), c, note);
      }
    }
    return new Undecodable("the bytes are valid in none of " + candidates
        + (firstDeclared.map(c -> " (declared " + c + ")").orElse("")));
  }

  private static Optional<Charset> charset(String name) {
    try {
      String n = name.strip();
      // Latin-1 declarations mean windows-1252 in practice (WHATWG), and 1252 decodes more bytes.
      if (n.equalsIgnoreCase("iso-8859-1") || n.equalsIgnoreCase("latin1") || n.equalsIgnoreCase("us-ascii")
          || n.equalsIgnoreCase("ascii") || n.equalsIgnoreCase("iso8859-1")) {
        return Optional.of(WINDOWS_1252);
      }
      if (n.equalsIgnoreCase("gb2312") || n.equalsIgnoreCase("gbk")) {
        return Optional.of(Charset.forName("GB18030")); // the superset, as browsers read it
      }
      return Charset.isSupported(n) ? Optional.of(Charset.forName(n)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isSingleByteLatin(Charset c) {
    String n = c.name().toLowerCase(Locale.ROOT);
    return n.equals("windows-1252") || n.equals("iso-8859-1") || n.equals("us-ascii") || n.equals("iso-8859-15");
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasMultiByteUtf8(byte[] bytes) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b >= 0xc2 && b <= 0xf4 && (bytes[i + 1] & 0xc0) == 0x80) {
        return true;
      }
    }
    return false;
  }

  static Optional<String> strict(byte[] bytes, int offset, Charset charset) {
    try {
      CharBuffer chars = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
      return Optional.of(chars.toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Optional<Charset> bomCharset(byte[] b) {
    if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff) {
      return Optional.of(UTF_32BE);
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0) {
      return Optional.of(UTF_32LE);
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      return Optional.of(StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    return Optional.empty();
  }

  private static int bomLength(Charset c) {
    return c.equals(StandardCharsets.UTF_8) ? 3 : c.equals(UTF_32BE) || c.equals(UTF_32LE) ? 4 : 2;
  }

  /** XML 1.0 appendix F: UTF-16/32 without a byte-order mark, recognised by where the zero bytes fall. */
  private static Optional<Charset> sniffWide(byte[] b) {
    if (b.length < 4) {
      return Optional.empty();
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    int b2 = b[2] & 0xff;
    int b3 = b[3] & 0xff;
    if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
      return Optional.of(UTF_32BE);
    }
    if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
      return Optional.of(UTF_32LE);
    }
    if (b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    if (b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    return Optional.empty();
  }

  private static Optional<String> xmlDeclaredEncoding(byte[] bytes) {
    int n = Math.min(bytes.length, 512);
    String head = new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    Matcher m = XML_ENCODING.matcher(head);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
