package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * One thing a reader had to mend to read a feed or an item: what was wrong, where, and what was
 * done, so that a subscriber can filter or audit.
 *
 * <p>Kinds are a closed list ({@link #KINDS}; the tag values of the {@code feedpipe.ingest.repairs}
 * metric and the enum of the event schema): {@code control-char}, {@code undeclared-prefix},
 * {@code namespace-whitespace}, {@code mismatched-tag}, {@code malformed-markup}, {@code cut-off},
 * {@code html-entity}, {@code bare-ampersand}, {@code doctype}, {@code mojibake}, {@code charset},
 * {@code link-without-href}, {@code json-version}, {@code unescaped-markup}, {@code base64}, {@code
 * binary-dropped}, {@code relative-link}, {@code duplicate-id}, {@code unparseable-date}, {@code
 * future-date}, {@code unknown-zone}, {@code truncated}.
 *
 * @param kind what was repaired, one of {@link #KINDS}
 * @param where the element or field it was found in ({@code title}, {@code content:encoded},
 *     {@code link}, {@code published}, {@code document}, …)
 * @param detail what was found and what was done, for people
 * @param originalSize for {@code truncated}: the size before the cut, in characters
 */
public record Repair(String kind, String where, String detail, Optional<Long> originalSize) {
  /** Every kind of repair. */
  public static final Set<String> KINDS = Set.of("control-char", "undeclared-prefix", "namespace-whitespace",
      "mismatched-tag", "malformed-markup", "cut-off", "html-entity", "bare-ampersand", "doctype", "mojibake", "charset",
      "link-without-href", "json-version", "unescaped-markup", "base64", "binary-dropped", "relative-link",
      "duplicate-id", "unparseable-date", "future-date", "unknown-zone", "truncated");

  public Repair {
    requireNonNull(kind, "kind");
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown repair kind '" + kind + "': must be one of " + KINDS);
    }
    requireNonNull(where, "where");
    requireNonNull(detail, "detail");
    requireNonNull(originalSize, "originalSize");
  }

  /** A repair without a size. */
  public static Repair of(String kind, String where, String detail) {
    return new Repair(kind, where, detail, Optional.empty());
  }
}
