package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The canonical-link rule, held once: the key form of a link (what normalize's {@code storyKey},
 * the cross-feed identity, hashes), and the keys that tell a story apart within its feed when its
 * item comes back under another guid — the 64-bit hash of its link's key form and the 64-bit
 * fingerprint of its title and text.
 *
 * <p>The key form names the page, not the way it was reached: two links that a news site serves as
 * one story get one key.
 *
 * <ul>
 *   <li>no scheme: {@code http} and {@code https} are one page (sites redirect one to the other, and
 *       old feeds keep {@code http} links);
 *   <li>host lower-case, a leading {@code www.} dropped: {@code www.example.org} and {@code
 *       example.org} are one site's two names (feeds of one site mix them), and no publisher serves
 *       another site on one of them; other subdomains ({@code m.}, {@code amp.}, {@code edition.})
 *       stay, since they may serve other pages under the same path;
 *   <li>port 80 and 443 dropped (the default of either scheme), any other kept; user info and
 *       fragment dropped;
 *   <li>path with dot segments resolved, percent-escapes of unreserved characters decoded and the
 *       others upper-cased (RFC 3986 §6.2.2), and a trailing {@code /} dropped except for the root
 *       ({@code /2026/05/story/} and {@code /2026/05/story} are one permalink); its case is kept;
 *   <li>query without tracking parameters (normalize's rules name them: {@code utm_*}, {@code
 *       fbclid}, …), the rest sorted (their order names no other page), an empty query dropped.
 * </ul>
 *
 * Pure and thread-safe.
 */
public final class StoryKeys {
  private StoryKeys() {}

  /** The hash of the key form of {@code canonicalLink}; never 0 (0 stands for "no link" in the state). */
  public static long linkKey(String canonicalLink) {
    requireNonNull(canonicalLink, "canonicalLink");
    return nonZero(hash64(keyForm(canonicalLink)));
  }

  /**
   * The fingerprint of a story's title and text: a 64-bit hash of both, exact (a changed word
   * changes it); never 0. Stories of one feed with the same fingerprint have the same title and text.
   */
  public static long fingerprint(String title, String text) {
    requireNonNull(title, "title");
    requireNonNull(text, "text");
    return nonZero(hash64(title.length() + ":" + title + "\n" + text));
  }

  /**
   * The key form of a link already made canonical (tracking parameters gone, as a story's {@code
   * url}); the text itself when it is no absolute http(s) URL with a host.
   */
  public static String keyForm(String link) {
    URI u;
    try {
      u = new URI(link.strip());
    } catch (URISyntaxException e) {
      return link;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      return link;
    }
    return keyForm(u, name -> false);
  }

  /**
   * The key form of an absolute http(s) link with a host (see the class comment), leaving out the
   * query parameters {@code tracking} names.
   */
  public static String keyForm(URI link, Predicate<String> tracking) {
    requireNonNull(tracking, "tracking");
    URI u = link.normalize();
    String host = u.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("www.") && host.indexOf('.', 4) > 0) {
      host = host.substring(4);
    }
    StringBuilder sb = new StringBuilder(host);
    int port = u.getPort();
    if (port != -1 && port != 80 && port != 443) {
      sb.append(':').append(port);
    }
    String path = u.getRawPath() == null ? "" : unescapeUnreserved(u.getRawPath());
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    sb.append(path.isEmpty() ? "/" : path);
    String query = u.getRawQuery();
    if (query != null) {
      List<String> kept = new ArrayList<>();
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (!pair.isEmpty() && !tracking.test(eq < 0 ? pair : pair.substring(0, eq))) {
          kept.add(unescapeUnreserved(pair));
        }
      }
      if (!kept.isEmpty()) {
        kept.sort(null);
        sb.append('?').append(String.join("&", kept));
      }
    }
    return sb.toString();
  }

  /** Decodes {@code %XX} of the unreserved characters (letters, digits, {@code -._~}); upper-cases the hex of the others. */
  private static String unescapeUnreserved(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      int hi = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
      if (lo < 0) {
        sb.append(c);
        continue;
      }
      char decoded = (char) (hi * 16 + lo);
      if (decoded >= 'a' && decoded <= 'z' || decoded >= 'A' && decoded <= 'Z' || decoded >= '0' && decoded <= '9'
          || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
        sb.append(decoded);
      } else {
        sb.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
      }
      i += 2;
    }
    return sb.toString();
  }

  private static long nonZero(long h) {
    return h == 0 ? 1 : h;
  }

  private static long hash64(String text) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = h << 8 | (digest[i] & 0xff);
    }
    return h;
  }
}
