package io.feedpipe.normalize;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * The element rules in their order, and which one (the first) drops an element. When every
 * selector is local (tags, classes, ids and attribute tests, no combinators or pseudo-classes),
 * whether a rule matches depends only on the element's tag and on the attributes the selectors
 * name; that answer is remembered for up to {@value #MAX_REMEMBERED} such tag-and-attribute keys
 * (an {@code <a href>} or a bare {@code <p>} is decided once, not once per element). Thread-safe.
 */
final class ElementRules {
  /** Bound on remembered answers; past it, elements are simply evaluated. */
  static final int MAX_REMEMBERED = 4096;
  /** Keys longer than this (long attribute values) are not remembered. */
  static final int MAX_KEY_CHARS = 512;

  private static final Pattern SIMPLE_PART = Pattern.compile("[\\w.#*-]*");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][\\w-]*");

  private final List<ElementRule> rules;
  private final Optional<Set<String>> named;
  private final ConcurrentHashMap<String, Integer> remembered = new ConcurrentHashMap<>();

  ElementRules(List<ElementRule> rules) {
    this.rules = List.copyOf(rules);
    Set<String> names = new HashSet<>();
    boolean local = true;
    for (ElementRule rule : rules) {
      Optional<Set<String>> n = attributesNamedBy(rule.selector());
      local &= n.isPresent();
      n.ifPresent(names::addAll);
    }
    this.named = local ? Optional.of(Set.copyOf(names)) : Optional.empty();
  }

  /**
   * Whether every selector is local: whether a rule drops an element then depends on nothing but
   * its tag and attributes, so an element alone, outside any tree, is decided as it would be in one.
   */
  boolean local() {
    return named.isPresent();
  }

  /** The first rule that drops {@code e} (in a tree whose root is {@code root}), if any. */
  Optional<ElementRule> firstMatch(Element root, Element e) {
    String key = named.isPresent() ? key(e, named.get()) : null;
    if (key == null) {
      int i = evaluate(root, e);
      return i < 0 ? Optional.empty() : Optional.of(rules.get(i));
    }
    Integer known = remembered.get(key);
    int i = known != null ? known : evaluate(root, e);
    if (known == null && remembered.size() < MAX_REMEMBERED) {
      remembered.put(key, i);
    }
    return i < 0 ? Optional.empty() : Optional.of(rules.get(i));
  }

  private int evaluate(Element root, Element e) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).evaluator().matches(root, e)) {
        return i;
      }
    }
    return -1;
  }

  /** The key an element's answer is remembered under, or null when it is too long to remember. */
  static String key(Element e, Set<String> named) {
    if (e.attributesSize() == 0) { // what the builder below would give, without building it
      return e.tagName().length() > MAX_KEY_CHARS ? null : e.tagName();
    }
    StringBuilder sb = new StringBuilder(e.tagName());
    for (Attribute a : e.attributes()) {
      if (named.contains(a.getKey().toLowerCase(Locale.ROOT))) {
        sb.append('\u0000').append(a.getKey()).append('=').append(a.getValue());
      }
    }
    return sb.length() > MAX_KEY_CHARS ? null : sb.toString();
  }

  /**
   * The attribute names a selector looks at ({@code class} for {@code .x}, {@code id} for
   * {@code #x}), or empty when the selector is not local or not understood (then nothing is
   * remembered).
   */
  static Optional<Set<String>> attributesNamedBy(String selector) {
    Set<String> names = new HashSet<>();
    int depth = 0;
    StringBuilder outside = new StringBuilder();
    StringBuilder bracket = new StringBuilder();
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '[') {
        if (depth == 0) {
          bracket.setLength(0);
        } else {
          bracket.append(c);
        }
        depth++;
      } else if (c == ']') {
        depth--;
        if (depth < 0) {
          return Optional.empty();
        }
        if (depth == 0) {
          var m = ATTRIBUTE_NAME.matcher(bracket.toString().strip());
          if (!m.lookingAt()) {
            return Optional.empty();
          }
          names.add(m.group().toLowerCase(Locale.ROOT));
          outside.append("[]");
        } else {
          bracket.append(c);
        }
      } else if (depth > 0) {
        bracket.append(c);
      } else {
        outside.append(c);
      }
    }
    if (depth != 0) {
      return Optional.empty();
    }
    for (String part : outside.toString().split(",", -1)) {
      String p = part.strip().replace("[]", "");
      if (part.isBlank() || !SIMPLE_PART.matcher(p).matches()) {
        return Optional.empty();
      }
      if (p.contains(".")) {
        names.add("class");
      }
      if (p.contains("#")) {
        names.add("id");
      }
    }
    return Optional.of(names);
  }
}
