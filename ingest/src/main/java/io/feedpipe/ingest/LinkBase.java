package io.feedpipe.ingest;

import io.feedpipe.model.Repair;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A base URI that relative links are resolved against (RFC 3986), and what it is: an {@code
 * xml:base}, the channel's link, the item's link or the URL the feed was fetched from.
 *
 * @param uri an absolute URI
 * @param source what it is, for the repair's detail ({@code xml:base}, {@code the channel link}, …)
 */
record LinkBase(URI uri, String source) {

  /** The fetched URL as a base, when it is an http(s) URL (a {@code file:} path is no base for web links). */
  static Optional<LinkBase> fetched(Optional<URI> documentUrl) {
    return documentUrl.filter(UriReference::isWebBase).map(u -> new LinkBase(u, "the fetched URL"));
  }

  /** An absolute http(s) link as a base, when it is one. */
  static Optional<LinkBase> of(String link, String source) {
    return UriReference.absolute(link).filter(UriReference::isWebBase).map(u -> new LinkBase(u, source));
  }

  /**
   * {@code link} as it is when it is absolute (or no base is known, or it cannot be resolved); else
   * resolved against {@code base}, with a {@code relative-link} repair naming {@code where}.
   */
  static String resolve(String link, Optional<LinkBase> base, String where, Consumer<Repair> log) {
    if (base.isEmpty() || UriReference.isAbsolute(link)) {
      return link;
    }
    Optional<String> resolved = UriReference.resolve(base.get().uri(), link);
    resolved.ifPresent(r -> log.accept(Repair.of("relative-link", where,
        "'" + link + "' resolved against " + base.get().source() + " " + base.get().uri() + ": " + r)));
    return resolved.orElse(link);
  }
}
