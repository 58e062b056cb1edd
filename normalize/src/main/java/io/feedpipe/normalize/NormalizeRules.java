package io.feedpipe.normalize;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The boilerplate rules normalize applies, as data. Immutable and thread-safe.
 *
 * <p>A rules file is YAML with two keys: {@code terms}, named lists of regex alternatives that
 * patterns use as {@code {name}} (for example {@code {agency}}), and {@code rules}, a list of rules
 * each with an {@code id}, a {@code type} (what engine runs it), a {@code kind} (what
 * {@code removed[].kind} says when it removes something), optional {@code enabled} and
 * {@code doc}, and the fields its type needs. The shipped file, {@code default-rules.yaml} in
 * this package, documents every type and field.
 *
 * <p>Bounds: a rules file is at most {@value #MAX_RULES_FILE_CHARS} characters and
 * {@value #MAX_RULES} rules.
 */
public final class NormalizeRules {
  /** Largest rules file {@link #parse} accepts, in characters. */
  public static final int MAX_RULES_FILE_CHARS = 1_000_000;
  /** Most rules one file (or one extension chain) may hold. */
  public static final int MAX_RULES = 2_000;

  static final String DEFAULT_RESOURCE = "default-rules.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> COMMON_FIELDS = Set.of("id", "type", "kind", "enabled", "doc");

  private static final class Defaults {
    static final NormalizeRules INSTANCE = loadDefaults();
  }

  private final Map<String, List<String>> terms;
  private final List<RuleSpec> specs;
  private final CompiledRules compiled;

  private NormalizeRules(Map<String, List<String>> terms, List<RuleSpec> specs) {
    this.terms = copyTerms(terms);
    this.specs = List.copyOf(specs);
    if (this.specs.size() > MAX_RULES) {
      throw new IllegalArgumentException("too many rules: " + this.specs.size() + " (limit " + MAX_RULES + ")");
    }
    this.compiled = CompiledRules.compile(this.terms, this.specs.stream().filter(RuleSpec::enabled).toList());
  }

  /** The rules file shipped in the jar ({@code io/feedpipe/normalize/default-rules.yaml}). */
  public static NormalizeRules defaults() {
    return Defaults.INSTANCE;
  }

  /**
   * Parses a user's YAML rules file.
   *
   * @param text the file's content
   * @param sourceName where it came from, used in every message (a path or setting key)
   * @throws IllegalArgumentException naming {@code sourceName}, the rule id and the problem, when
   *     the file is not valid YAML, a rule lacks an id, type or field, has an unknown type or
   *     field, or holds a pattern or selector that does not compile
   */
  public static NormalizeRules parse(String text, String sourceName) {
    requireNonNull(text, "text");
    requireNonNull(sourceName, "sourceName");
    if (text.length() > MAX_RULES_FILE_CHARS) {
      throw new IllegalArgumentException(sourceName + ": rules file has " + text.length()
          + " characters, more than the limit of " + MAX_RULES_FILE_CHARS);
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(sourceName + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new NormalizeRules(Map.of(), List.of());
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(sourceName + ": a rules file is a mapping with keys 'terms' and 'rules'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("terms") && !key.equals("rules")) {
        throw new IllegalArgumentException(sourceName + ": unknown top-level key '" + key + "' (expected 'terms' and 'rules')");
      }
    }
    return new NormalizeRules(parseTerms(root.get("terms"), sourceName), parseRules(root.get("rules"), sourceName));
  }

  /**
   * These rules extended by {@code more}: a rule with an id already present replaces it in place,
   * a new id is added at the end, and a rule with {@code enabled: false} disables the rule of that
   * id. Term lists are merged (alternatives added).
   */
  public NormalizeRules extendedWith(NormalizeRules more) {
    requireNonNull(more, "more");
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    for (RuleSpec s : specs) {
      byId.put(s.id(), s);
    }
    for (RuleSpec s : more.specs) {
      byId.put(s.id(), s);
    }
    Map<String, List<String>> merged = new LinkedHashMap<>(terms);
    more.terms.forEach((name, alternatives) -> {
      Set<String> union = new LinkedHashSet<>(merged.getOrDefault(name, List.of()));
      union.addAll(alternatives);
      merged.put(name, List.copyOf(union));
    });
    return new NormalizeRules(merged, new ArrayList<>(byId.values()));
  }

  /** The ids of the enabled rules, in the order they run within their stage. */
  public List<String> ruleIds() {
    return specs.stream().filter(RuleSpec::enabled).map(RuleSpec::id).toList();
  }

  CompiledRules compiled() {
    return compiled;
  }

  @Override
  public String toString() {
    return "NormalizeRules" + ruleIds();
  }

  private static Map<String, List<String>> parseTerms(JsonNode node, String source) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(source + ": 'terms' must map names to lists of alternatives");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getKey().matches("[a-zA-Z][a-zA-Z0-9-]*")) {
        throw new IllegalArgumentException(source + ": term name '" + e.getKey() + "' must be letters, digits and dashes");
      }
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        throw new IllegalArgumentException(source + ": term '" + e.getKey() + "' must be a non-empty list of strings");
      }
      List<String> alternatives = new ArrayList<>();
      for (JsonNode a : e.getValue()) {
        if (!a.isTextual() || a.asText().isBlank()) {
          throw new IllegalArgumentException(source + ": term '" + e.getKey() + "' holds a non-string or blank entry: " + a);
        }
        alternatives.add(a.asText());
      }
      out.put(e.getKey(), alternatives);
    }
    return out;
  }

  private static List<RuleSpec> parseRules(JsonNode node, String source) {
    List<RuleSpec> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(source + ": 'rules' must be a list");
    }
    Set<String> ids = new LinkedHashSet<>();
    int position = 0;
    for (JsonNode r : node) {
      position++;
      if (!r.isObject()) {
        throw new IllegalArgumentException(source + ": rule #" + position + " must be a mapping");
      }
      JsonNode id = r.get("id");
      if (id == null || !id.isTextual() || !id.asText().matches("[a-z0-9][a-z0-9.-]*")) {
        throw new IllegalArgumentException(source + ": rule #" + position
            + " needs an 'id' of lower-case letters, digits, dots and dashes, had " + id);
      }
      String ruleId = id.asText();
      if (!ids.add(ruleId)) {
        throw new IllegalArgumentException(source + ": rule '" + ruleId + "' is defined twice");
      }
      boolean enabled = true;
      JsonNode en = r.get("enabled");
      if (en != null) {
        if (!en.isBoolean()) {
          throw new IllegalArgumentException(source + ": rule '" + ruleId + "': 'enabled' must be true or false, was " + en);
        }
        enabled = en.asBoolean();
      }
      JsonNode type = r.get("type");
      if (!enabled && type == null) {
        out.add(new RuleSpec(ruleId, "disabled", "none", false, source, r));
        continue;
      }
      if (type == null || !type.isTextual()) {
        throw new IllegalArgumentException(source + ": rule '" + ruleId + "' needs a 'type', one of " + RuleType.names());
      }
      RuleType ruleType = RuleType.byName(type.asText()).orElseThrow(() -> new IllegalArgumentException(
          source + ": rule '" + ruleId + "' has unknown type '" + type.asText() + "', expected one of " + RuleType.names()));
      JsonNode kind = r.get("kind");
      String kindText = kind == null ? ruleType.defaultKind() : kind.asText();
      if (kind != null && (!kind.isTextual() || kindText.isBlank())) {
        throw new IllegalArgumentException(source + ": rule '" + ruleId + "': 'kind' must be a non-blank string");
      }
      ObjectNode fields = r.deepCopy();
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!COMMON_FIELDS.contains(f) && !ruleType.fields().contains(f)) {
          throw new IllegalArgumentException(source + ": rule '" + ruleId + "' (type " + ruleType.typeName()
              + ") has unknown field '" + f + "'; its fields are " + ruleType.fields());
        }
      }
      out.add(new RuleSpec(ruleId, ruleType.typeName(), kindText, enabled, source, fields));
    }
    return out;
  }

  private static Map<String, List<String>> copyTerms(Map<String, List<String>> terms) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    terms.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static NormalizeRules loadDefaults() {
    try (InputStream in = NormalizeRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks io/feedpipe/normalize/" + DEFAULT_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:io/feedpipe/normalize/" + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default rules " + DEFAULT_RESOURCE, e);
    }
  }
}
