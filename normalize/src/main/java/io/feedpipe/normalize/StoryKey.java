package io.feedpipe.normalize;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A story's identity across feeds: the first 32 hex digits of SHA-256 of its link's key form, or
 * its (feed-scoped) story id when it has no http(s) link. The link is the item's link, else its
 * permalink guid (ingest makes that the link).
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
 *   <li>query without tracking parameters (the rules' {@code tracking-parameters}: {@code utm_*},
 *       {@code fbclid}, …), the rest sorted (their order names no other page), an empty query
 *       dropped.
 * </ul>
 */
final class StoryKey {
  private StoryKey() {}

  /** The story key of a story with this {@linkplain CanonicalUrl#parse parsed} link, else {@code storyId}. */
  static String of(Optional<URI> link, TrackingParameters tracking, String storyId) {
    return link.map(u -> StoryId.hash(keyForm(u, tracking))).orElse(storyId);
  }

  /** The key form of an absolute http(s) link with a host, as {@link CanonicalUrl#parse} gives it. */
  static String keyForm(URI link, TrackingParameters tracking) {
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
        if (!pair.isEmpty() && !tracking.isTracking(eq < 0 ? pair : pair.substring(0, eq))) {
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
  static String unescapeUnreserved(String raw) {
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
      if ((decoded >= 'a' && decoded <= 'z') || (decoded >= 'A' && decoded <= 'Z') || (decoded >= '0' && decoded <= '9')
          || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
        sb.append(decoded);
      } else {
        sb.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
      }
      i += 2;
    }
    return sb.toString();
  }
}
