package io.feedpipe.normalize;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A link's href as a story keeps it: resolved against the item's link, kept only when it is http,
 * https (with a host) or mailto. What {@link #byUri} computes with {@link URI}; the links most
 * bodies carry — an absolute http(s) URL, or a path from the site's root, of plain ASCII — are
 * written out without parsing, as {@code URI} would write them.
 */
final class LinkResolver {
  private final Optional<URI> base;
  /** The scheme and host a path from the root is written after, when the base is plain http(s); else null. */
  private final @Nullable String rootPrefix;

  LinkResolver(Optional<URI> base) {
    this.base = base;
    this.rootPrefix = base.filter(LinkResolver::isPlainWebBase).map(b -> b.getScheme() + "://" + b.getHost()).orElse(null);
  }

  Optional<String> resolve(String href) {
    String h = href.strip();
    if (h.isEmpty()) {
      return Optional.empty();
    }
    int afterHost = absoluteWebHostEnd(h);
    if (afterHost > 0 && isPlainPart(h, afterHost)) {
      return Optional.of(h); // URI keeps the string it was given
    }
    if (rootPrefix != null && h.charAt(0) == '/' && (h.length() == 1 || h.charAt(1) != '/') && isPlainPart(h, 0)) {
      return Optional.of(rootPrefix + h); // a path from the root is not normalized by URI either
    }
    return byUri(base, h);
  }

  /**
   * The host of an http(s) link, as {@link CanonicalUrl#parse} gives it, or empty when it gives
   * none: an href of the kind this class writes out without parsing (absolute http(s), a plain
   * host name, plain ASCII after it) has its host read off as written; any other is parsed.
   */
  static Optional<String> hostOf(String href) {
    int end = absoluteWebHostEnd(href);
    if (end > 0 && isPlainPart(href, end)) {
      return Optional.of(href.substring(href.indexOf("//") + 2, end));
    }
    return CanonicalUrl.parse(href).map(URI::getHost);
  }

  /** The href resolved with {@link URI}: parsed (spaces escaped), resolved against the base when relative, then checked. */
  static Optional<String> byUri(Optional<URI> base, String href) {
    String h = href.strip();
    if (h.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(h.replace(" ", "%20"));
      if (!uri.isAbsolute() && base.isPresent()) {
        uri = base.get().resolve(uri);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "http", "https" -> uri.getHost() == null ? Optional.empty() : Optional.of(uri.toString());
        case "mailto" -> Optional.of(uri.toString());
        default -> Optional.empty();
      };
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return Optional.empty(); // a link we cannot read stays as plain text
    }
  }

  /**
   * For {@code http://} or {@code https://} (lower case) followed by a host name as {@link URI}
   * reads one (dot-separated labels of letters, digits and inner hyphens, the last starting with a
   * letter) and then the end, "/", "?" or "#": where the host ends; otherwise -1.
   */
  static int absoluteWebHostEnd(String h) {
    int start = h.startsWith("https://") ? 8 : h.startsWith("http://") ? 7 : -1;
    if (start < 0) {
      return -1;
    }
    int i = start;
    int labelStart = i;
    while (true) {
      // one label: a letter or digit, then letters, digits and hyphens, not ending with a hyphen
      if (i >= h.length() || !isAsciiLetterOrDigit(h.charAt(i))) {
        return -1;
      }
      labelStart = i;
      while (i < h.length() && (isAsciiLetterOrDigit(h.charAt(i)) || h.charAt(i) == '-')) {
        i++;
      }
      if (h.charAt(i - 1) == '-') {
        return -1;
      }
      if (i < h.length() && h.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    boolean lastIsName = Character.isLetter(h.charAt(labelStart)); // else URI may read an IPv4 address
    boolean ends = i == h.length() || h.charAt(i) == '/' || h.charAt(i) == '?' || h.charAt(i) == '#';
    return lastIsName && ends ? i : -1;
  }

  /**
   * Whether {@code h} from {@code from} holds only characters {@link URI} takes as they are in a
   * path, query and fragment (ASCII letters, digits, {@code -_.!~*'();/?:@&=+$,}, and {@code %}
   * with two hex digits), with at most one {@code #}.
   */
  static boolean isPlainPart(String h, int from) {
    boolean fragment = false;
    for (int i = from; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c == '%') {
        if (i + 2 >= h.length() || !isHexDigit(h.charAt(i + 1)) || !isHexDigit(h.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c == '#') {
        if (fragment) {
          return false;
        }
        fragment = true;
      } else if (c >= 128 || !PLAIN[c]) {
        return false;
      }
    }
    return true;
  }

  /** The ASCII characters a path, query or fragment holds as they are: letters, digits and {@code -_.!~*'();/?:@&=+$,}. */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      PLAIN[c] = isAsciiLetterOrDigit(c) || "-_.!~*'();/?:@&=+$,".indexOf(c) >= 0;
    }
  }

  /** Whether the base is http(s) with a plain host name, no user info and no port: what a root path's result is built from. */
  private static boolean isPlainWebBase(URI base) {
    String scheme = base.getScheme();
    String host = base.getHost();
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && host != null
        && base.getRawUserInfo() == null && base.getPort() == -1 && !base.isOpaque()
        && absoluteWebHostEnd("http://" + host) == 7 + host.length();
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
