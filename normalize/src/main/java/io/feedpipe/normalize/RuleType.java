package io.feedpipe.normalize;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The engines a rule can run on, with the fields each reads. */
enum RuleType {
  /** Drops HTML elements matching a CSS {@code selector}. */
  ELEMENT("element", "furniture", Set.of("selector")),
  /** Drops a whole block whose text matches {@code pattern} in full, when it has at most {@code maxWords} words. */
  PARAGRAPH("paragraph", "furniture", Set.of("pattern", "maxWords")),
  /** Query parameters stripped from the canonical URL: exact {@code names}, or prefixes ending in {@code *}. */
  TRACKING_PARAMETERS("tracking-parameters", "tracking", Set.of("names"));

  private final String typeName;
  private final String defaultKind;
  private final Set<String> fields;

  RuleType(String typeName, String defaultKind, Set<String> fields) {
    this.typeName = typeName;
    this.defaultKind = defaultKind;
    this.fields = fields;
  }

  String typeName() {
    return typeName;
  }

  String defaultKind() {
    return defaultKind;
  }

  Set<String> fields() {
    return fields;
  }

  static Optional<RuleType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.typeName.equals(name)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(RuleType::typeName).toList();
  }
}
