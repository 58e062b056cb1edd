package io.feedpipe.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * One rule as written in a rules file, before compilation: its id, type, removal kind, whether it
 * is enabled, the file it came from (for messages) and its type-specific fields.
 */
record RuleSpec(String id, String type, String kind, boolean enabled, String source, JsonNode fields) {

  /** The flags of patterns that ignore case: as Unicode compares it ("ſ" counts as "s"). */
  static final int IGNORE_CASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  static final Pattern TERM = Pattern.compile("(?<!\\\\[pP])\\{([a-zA-Z][a-zA-Z0-9-]*)\\}");

  /** A named group of a match, absent when the rule's pattern does not name it or it took no part. */
  static Optional<String> group(java.util.regex.MatchResult m, String name) {
    try {
      return Optional.ofNullable(m.group(name));
    } catch (IllegalArgumentException noSuchGroup) {
      return Optional.empty(); // the rule's pattern does not name this part
    }
  }

  IllegalArgumentException problem(String message) {
    return new IllegalArgumentException(source + ": rule '" + id + "' (type " + type + "): " + message);
  }

  String string(String field) {
    JsonNode n = fields.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw problem("field '" + field + "' is required and must be a non-blank string");
    }
    return n.asText();
  }

  Optional<String> optionalString(String field) {
    JsonNode n = fields.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw problem("field '" + field + "' must be a string");
    }
    return Optional.of(n.asText());
  }

  int integer(String field, int defaultValue, int min, int max) {
    JsonNode n = fields.get(field);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
      throw problem("field '" + field + "' must be an integer in [" + min + ", " + max + "], was " + n);
    }
    return n.asInt();
  }

  boolean bool(String field, boolean defaultValue) {
    JsonNode n = fields.get(field);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isBoolean()) {
      throw problem("field '" + field + "' must be true or false, was " + n);
    }
    return n.asBoolean();
  }

  boolean has(String field) {
    JsonNode n = fields.get(field);
    return n != null && !n.isNull();
  }

  /** A list of plain words, where an entry "{name}" stands for the words of term {@code name}. */
  List<String> words(String field, Map<String, List<String>> terms) {
    List<String> out = new ArrayList<>();
    for (String w : strings(field)) {
      Matcher term = TERM.matcher(w);
      if (!term.matches()) {
        out.add(w);
        continue;
      }
      List<String> words = terms.get(term.group(1));
      if (words == null) {
        throw problem("field '" + field + "' refers to unknown term " + w + "; known: " + terms.keySet());
      }
      out.addAll(words);
    }
    return out;
  }

  List<String> strings(String field) {
    JsonNode n = fields.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw problem("field '" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual() || e.asText().isBlank()) {
        throw problem("field '" + field + "' must hold only non-blank strings, found " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  /** A required regex field, {term} references expanded, compiled with {@code flags}. */
  Pattern pattern(String field, Map<String, List<String>> terms, int flags) {
    return compile(field, string(field), terms, flags);
  }

  Optional<Pattern> optionalPattern(String field, Map<String, List<String>> terms, int flags) {
    return optionalString(field).map(p -> compile(field, p, terms, flags));
  }

  /** Checks the pattern declares each named group. */
  Pattern requireGroups(String field, Pattern p, String... groups) {
    for (String g : groups) {
      if (!p.pattern().contains("(?<" + g + ">")) {
        throw problem("field '" + field + "' must have a named group (?<" + g + ">...)");
      }
    }
    return p;
  }

  private static final Pattern LITERAL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} '’-]*");

  /**
   * A term's alternatives as one group. When every alternative is plain text (letters, digits,
   * spaces, apostrophes, hyphens: no regex syntax), the group opens with a look-ahead for their
   * first characters, compiled under the same flags as they are: it admits exactly the positions
   * where one of them can start, so a pattern tried at every position (a find) fails most of them
   * on one character instead of trying each alternative in turn. Behind it, alternatives whose
   * first characters fold to the same one (as case-insensitive matching folds them) are written
   * together, in their order, sharing that character when it is the same: "A(?:P|FP|NI)". Two
   * alternatives of different groups can never both match at one position, so every text is tried
   * against the same alternatives in the same order as before, one first character per group.
   */
  static String alternation(List<String> alternatives) {
    String group = "(?:" + String.join("|", alternatives) + ")";
    if (alternatives.isEmpty() || !isPlainText(alternatives)) {
      return group;
    }
    Map<Integer, List<String>> byFirst = new LinkedHashMap<>();
    for (String a : alternatives) {
      byFirst.computeIfAbsent(CaseFold.of(a.codePointAt(0)), k -> new ArrayList<>()).add(a);
    }
    StringBuilder first = new StringBuilder();
    alternatives.stream().mapToInt(a -> a.codePointAt(0)).distinct().forEach(first::appendCodePoint);
    StringJoiner groups = new StringJoiner("|", "(?:(?=[" + first + "])(?:", "))");
    for (List<String> same : byFirst.values()) {
      int c = same.getFirst().codePointAt(0);
      int width = Character.charCount(c);
      if (same.size() == 1 || !same.stream().allMatch(a -> a.codePointAt(0) == c)) {
        groups.add(String.join("|", same)); // one alternative, or first characters differing in case
      } else {
        groups.add(Character.toString(c) + same.stream().map(a -> a.substring(width)).collect(Collectors.joining("|", "(?:", ")")));
      }
    }
    return groups.toString();
  }

  /** Whether every alternative is plain text (letters, digits, spaces, apostrophes, hyphens), matching only itself. */
  static boolean isPlainText(List<String> alternatives) {
    return alternatives.stream().allMatch(a -> LITERAL.matcher(a).matches());
  }

  /** Terms may use other terms; this bounds how deep. */
  static final int MAX_TERM_NESTING = 4;

  private Pattern compile(String field, String regex, Map<String, List<String>> terms, int flags) {
    String expanded = regex;
    for (int depth = 0; depth <= MAX_TERM_NESTING && TERM.matcher(expanded).find(); depth++) {
      if (depth == MAX_TERM_NESTING) {
        throw problem("field '" + field + "' nests terms more than " + MAX_TERM_NESTING + " deep (a term refers to itself?)");
      }
      Matcher m = TERM.matcher(expanded);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        List<String> alternatives = terms.get(m.group(1));
        if (alternatives == null) {
          throw problem("field '" + field + "' refers to unknown term {" + m.group(1) + "}; known: " + terms.keySet());
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(alternation(alternatives)));
      }
      m.appendTail(sb);
      expanded = sb.toString();
    }
    try {
      return Pattern.compile(expanded, flags);
    } catch (PatternSyntaxException e) {
      throw problem("field '" + field + "' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
    }
  }
}
