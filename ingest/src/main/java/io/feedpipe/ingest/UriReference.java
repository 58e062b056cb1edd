package io.feedpipe.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3986 reference resolution (section 5.2, with its {@code remove_dot_segments}), which {@link
 * URI#resolve} does not quite do: it keeps {@code ..} segments above the root and writes {@code
 * http://a} + {@code b} as {@code http://ab}. Characters a URI may not hold as written (spaces,
 * {@code "<>\^`{|}}) are percent-encoded; other non-ASCII characters stay as they are. Pure.
 */
final class UriReference {
  /** RFC 3986 appendix B: scheme, authority, path, query, fragment of any reference. */
  private static final Pattern PARTS = Pattern.compile("^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$",
      Pattern.DOTALL);
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private UriReference() {}

  /** Whether {@code reference} starts with a scheme (RFC 3986 section 3.1), so it needs no base. */
  static boolean isAbsolute(String reference) {
    return SCHEME.matcher(reference).find();
  }

  /** Whether {@code link} starts with {@code http://} or {@code https://} (any case): read as a base by normalize itself. */
  static boolean isWebLink(String link) {
    return link.regionMatches(true, 0, "http://", 0, 7) || link.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Whether {@code uri} is an absolute http or https URI with a host: a base links may be resolved against. */
  static boolean isWebBase(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  /** {@code text} as an absolute URI, when it is one (after percent-encoding what a URI may not hold). */
  static Optional<URI> absolute(String text) {
    String t = text.strip();
    if (!isAbsolute(t)) {
      return Optional.empty();
    }
    return parse(t).filter(URI::isAbsolute);
  }

  /** {@code reference} resolved against the absolute {@code base}, or empty when either cannot be read as a URI. */
  static Optional<String> resolve(URI base, String reference) {
    Matcher r = PARTS.matcher(reference.strip());
    if (!base.isAbsolute() || base.isOpaque() || !r.matches()) {
      return Optional.empty();
    }
    String scheme;
    String authority;
    String path;
    String query;
    String rPath = r.group(3);
    if (r.group(1) != null) {
      scheme = r.group(1);
      authority = r.group(2);
      path = removeDotSegments(rPath);
      query = r.group(4);
    } else {
      scheme = base.getScheme();
      if (r.group(2) != null) {
        authority = r.group(2);
        path = removeDotSegments(rPath);
        query = r.group(4);
      } else {
        authority = base.getRawAuthority();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (rPath.isEmpty()) {
          path = basePath;
          query = r.group(4) != null ? r.group(4) : base.getRawQuery();
        } else {
          if (rPath.startsWith("/")) {
            path = removeDotSegments(rPath);
          } else {
            path = removeDotSegments(merge(authority, basePath, rPath));
          }
          query = r.group(4);
        }
      }
    }
    StringBuilder out = new StringBuilder(scheme).append(':');
    if (authority != null) {
      out.append("//").append(authority);
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    if (r.group(5) != null) {
      out.append('#').append(r.group(5));
    }
    return parse(out.toString()).map(URI::toString);
  }

  /** RFC 3986 section 5.2.3. */
  private static String merge(@Nullable String authority, String basePath, String reference) {
    if (authority != null && basePath.isEmpty()) {
      return "/" + reference;
    }
    int slash = basePath.lastIndexOf('/');
    return slash < 0 ? reference : basePath.substring(0, slash + 1) + reference;
  }

  /** RFC 3986 section 5.2.4. */
  static String removeDotSegments(String path) {
    if (path.indexOf('.') < 0) {
      return path;
    }
    String in = path;
    StringBuilder out = new StringBuilder(path.length());
    while (!in.isEmpty()) {
      if (in.startsWith("../")) {
        in = in.substring(3);
      } else if (in.startsWith("./")) {
        in = in.substring(2);
      } else if (in.startsWith("/./")) {
        in = in.substring(2);
      } else if (in.equals("/.")) {
        in = "/";
      } else if (in.startsWith("/../")) {
        in = in.substring(3);
        removeLastSegment(out);
      } else if (in.equals("/..")) {
        in = "/";
        removeLastSegment(out);
      } else if (in.equals(".") || in.equals("..")) {
        in = "";
      } else {
        int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
        if (next < 0) {
          next = in.length();
        }
        out.append(in, 0, next);
        in = in.substring(next);
      }
    }
    return out.toString();
  }

  private static void removeLastSegment(StringBuilder out) {
    int slash = out.lastIndexOf("/");
    out.setLength(Math.max(slash, 0));
  }

  /** A URI from text, with the ASCII characters a URI may not hold as written percent-encoded. */
  private static Optional<URI> parse(String text) {
    try {
      return Optional.of(new URI(escapeIllegal(text)));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String escapeIllegal(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean illegal = c <= 0x20 || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0;
      if (illegal && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (illegal) {
          out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
