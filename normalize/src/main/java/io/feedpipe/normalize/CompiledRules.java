package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/** Rules compiled for use, grouped by engine, each group in file order. */
record CompiledRules(
    List<ElementRule> elements,
    List<ParagraphRule> paragraphs,
    TrackingParameters tracking) {

  static CompiledRules compile(Map<String, List<String>> terms, List<RuleSpec> specs) {
    List<ElementRule> elements = new ArrayList<>();
    List<ParagraphRule> paragraphs = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (RuleSpec s : specs) {
      switch (RuleType.byName(s.type()).orElseThrow(() -> s.problem("unknown type"))) {
        case ELEMENT -> elements.add(new ElementRule(s.id(), s.kind(), selector(s)));
        case PARAGRAPH -> paragraphs.add(new ParagraphRule(s.id(), s.kind(),
            s.pattern("pattern", terms, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), s.integer("maxWords", 40, 1, 10_000)));
        case TRACKING_PARAMETERS -> {
          for (String name : s.strings("names")) {
            if (name.endsWith("*")) {
              prefixes.add(name.substring(0, name.length() - 1).toLowerCase(java.util.Locale.ROOT));
            } else {
              exact.add(name.toLowerCase(java.util.Locale.ROOT));
            }
          }
        }
      }
    }
    return new CompiledRules(List.copyOf(elements), List.copyOf(paragraphs), new TrackingParameters(exact, prefixes));
  }

  private static Evaluator selector(RuleSpec s) {
    String css = s.string("selector");
    try {
      return QueryParser.parse(css);
    } catch (Selector.SelectorParseException | IllegalArgumentException e) {
      throw s.problem("field 'selector' is not a valid CSS selector: " + e.getMessage());
    }
  }
}
