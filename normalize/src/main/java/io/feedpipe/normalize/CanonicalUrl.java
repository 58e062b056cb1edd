package io.feedpipe.normalize;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The canonical form of an item link: absolute http or https only, scheme and host lower-case,
 * default port dropped, userinfo dropped (a link's {@code user:password@} is a credential, never
 * published), fragment dropped, tracking query parameters removed (the others keep their order and
 * spelling), an empty query dropped.
 */
final class CanonicalUrl {
  private CanonicalUrl() {}

  /** The canonical form of a link {@linkplain #parse parsed}. */
  static String of(URI u, TrackingParameters tracking) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
      port = -1;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(scheme).append("://");
    sb.append(host);
    if (port != -1) {
      sb.append(':').append(port);
    }
    String path = u.getRawPath();
    sb.append(path == null || path.isEmpty() ? "/" : path);
    String query = u.getRawQuery();
    if (query != null) {
      StringBuilder kept = new StringBuilder();
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (!tracking.isTracking(name)) {
          kept.append(kept.isEmpty() ? "" : "&").append(pair);
        }
      }
      if (!kept.isEmpty()) {
        sb.append('?').append(kept);
      }
    }
    return sb.toString();
  }

  /** An absolute http(s) URI with a host, or empty. */
  static Optional<URI> parse(String raw) {
    String s = raw.strip().replace(" ", "%20");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI u = new URI(s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return Optional.of(u);
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty(); // an unreadable link is no canonical URL
    }
  }
}
