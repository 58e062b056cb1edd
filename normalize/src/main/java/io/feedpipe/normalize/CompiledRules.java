package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Rules compiled for use: the element rules read with the body, the tracking parameters of the
 * canonical link, and each stage of the {@link Pipeline} with its rules, in file order.
 */
record CompiledRules(
    ElementRules elements,
    TrackingParameters tracking,
    Furniture furniture,
    NoticesAndCredits noticesAndCredits,
    RepeatedTitle repeatedTitle,
    RelatedHeadlines related,
    DuplicateLede duplicateLede,
    Datelines datelines,
    Attributions attributions,
    Agencies agencies) {

  static CompiledRules compile(Map<String, List<String>> terms, List<RuleSpec> specs) {
    return compile(terms, specs, PatternLiterals.Source.READ);
  }

  /** The rules, each stage getting what its patterns' matches must hold from {@code literalsOf}. */
  static CompiledRules compile(Map<String, List<String>> terms, List<RuleSpec> specs, PatternLiterals.Source literalsOf) {
    List<ElementRule> elements = new ArrayList<>();
    List<ParagraphRule> paragraphs = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    List<RepeatedTitle.Rule> titles = new ArrayList<>();
    List<DuplicateLede.Rule> ledes = new ArrayList<>();
    List<Datelines.Rule> datelines = new ArrayList<>();
    List<RelatedHeadlines.Marker> markers = new ArrayList<>();
    List<RelatedHeadlines.Link> links = new ArrayList<>();
    List<RelatedHeadlines.Headline> headlines = new ArrayList<>();
    List<NoticesAndCredits.Notice> notices = new ArrayList<>();
    List<NoticesAndCredits.Credit> credits = new ArrayList<>();
    List<Attributions.Rule> attributions = new ArrayList<>();
    Agencies agencies = new Agencies(Optional.empty(), Optional.empty(), literalsOf);
    String agenciesRule = null;
    for (RuleSpec s : specs) {
      switch (RuleType.byName(s.type()).orElseThrow(() -> s.problem("unknown type"))) {
        case ELEMENT -> elements.add(new ElementRule(s.id(), s.kind(), s.string("selector"), selector(s)));
        case PARAGRAPH -> paragraphs.add(new ParagraphRule(s.id(), s.kind(),
            s.pattern("pattern", terms, RuleSpec.IGNORE_CASE), s.integer("maxWords", 40, 1, 10_000)));
        case TRACKING_PARAMETERS -> {
          for (String name : s.strings("names")) {
            if (name.endsWith("*")) {
              prefixes.add(name.substring(0, name.length() - 1).toLowerCase(Locale.ROOT));
            } else {
              exact.add(name.toLowerCase(Locale.ROOT));
            }
          }
        }
        case REPEATED_TITLE -> titles.add(new RepeatedTitle.Rule(s.id(), s.kind()));
        case DUPLICATE_LEDE -> ledes.add(DuplicateLede.Rule.of(s));
        case DATELINE -> datelines.add(Datelines.Rule.of(s, terms));
        case RELATED_MARKER -> markers.add(RelatedHeadlines.Marker.of(s, terms));
        case RELATED_LINK -> links.add(RelatedHeadlines.Link.of(s, terms));
        case RELATED_HEADLINE -> headlines.add(RelatedHeadlines.Headline.of(s, terms));
        case NOTICE -> notices.add(NoticesAndCredits.Notice.of(s, terms));
        case CREDIT -> credits.add(NoticesAndCredits.Credit.of(s, terms));
        case ATTRIBUTION -> attributions.add(Attributions.Rule.of(s, terms));
        case AGENCIES -> {
          if (agenciesRule != null) {
            throw s.problem("only one rule of type agencies may be enabled; '" + agenciesRule + "' is one already");
          }
          agenciesRule = s.id();
          agencies = Agencies.of(s, terms, literalsOf);
        }
      }
    }
    Datelines datelineStage = new Datelines(datelines, literalsOf);
    return new CompiledRules(new ElementRules(elements), new TrackingParameters(exact, prefixes),
        new Furniture(new ParagraphRules(paragraphs, literalsOf)), new NoticesAndCredits(notices, credits, agencies, literalsOf),
        new RepeatedTitle(titles), new RelatedHeadlines(markers, links, headlines, literalsOf),
        new DuplicateLede(ledes, datelineStage), datelineStage, new Attributions(attributions, literalsOf), agencies);
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
