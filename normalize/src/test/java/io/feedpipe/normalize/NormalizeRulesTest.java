package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.model.Dateline;
import io.feedpipe.model.Story;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizeRulesTest {
  private static final String SOURCE = "normalize.rulesFile=/etc/feedpipe/rules.yaml";

  @Test
  void defaultRulesLoadFromTheJarWithAnIdForEveryRule() {
    assertThat(NormalizeRules.defaults().ruleIds()).contains(
        "element-script", "paragraph-advertisement", "repeated-title", "duplicate-lede", "dateline-place-date",
        "related-marker", "related-link-run-in", "related-headline-run-in", "notice-provenance",
        "credit-parenthetical", "credit-desk-slug", "attribution-reported", "tracking-parameters");
  }

  @Test
  void invalidYamlIsRejectedNamingTheSource() {
    assertThatThrownBy(() -> NormalizeRules.parse("rules: [ {id: x", SOURCE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(SOURCE + ": not valid YAML");
  }

  @Test
  void unknownTypeIsRejectedNamingSourceRuleAndTheKnownTypes() {
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: my-rule\n    type: magic\n", SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SOURCE).hasMessageContaining("'my-rule'").hasMessageContaining("unknown type 'magic'")
        .hasMessageContaining("related-marker");
  }

  @Test
  void brokenRegexIsRejectedNamingRuleAndField() {
    assertThatThrownBy(() -> NormalizeRules.parse(
        "rules:\n  - id: footer\n    type: paragraph\n    pattern: \"read (more\"\n", SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(SOURCE + ": rule 'footer' (type paragraph): field 'pattern' is not a valid regular expression");
  }

  @Test
  void attributionSearchFlagsTheirPatternCannotServeAreRejectedNamingRuleAndField() {
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: said\n    type: attribution\n"
        + "    pattern: \"(?<source>[A-Z]+) said\"\n    matchStartsWithKeyword: true\n", SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(SOURCE + ": rule 'said' (type attribution): field 'matchStartsWithKeyword' needs 'keywords'");
    // valid alone, but its closing comment would swallow the parenthesis of any group around it:
    // fine for a rule that searches, an error for one tried at its keywords' starts
    String commented = "rules:\n  - id: said\n    type: attribution\n"
        + "    pattern: \"(?x)(?<source>[A-Z]+) \\\\s+ said # a comment\"\n    keywords: [said]\n";
    assertThat(NormalizeRules.parse(commented, SOURCE).compiled().attributions().rules()).hasSize(1);
    assertThatThrownBy(() -> NormalizeRules.parse(commented + "    matchStartsWithCapital: true\n", SOURCE).compiled())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(SOURCE + ": rule 'said' (type attribution): field 'pattern' cannot be wrapped in a group");
  }

  @Test
  void noticeMeaningKeywordsNameTermsAndNeedTheirMeaning() {
    String notice = "rules:\n  - id: n\n    type: notice\n    self: \"this story\"\n    label: \"note:\"\n";
    NoticesAndCredits.Notice parsed = NormalizeRules.parse("terms:\n  wire: [Kyodo, TASS]\n" + notice
        + "    syndicated: \"\\\\b(?:from|{wire})\\\\b\"\n    syndicatedKeywords: [FROM, \"{wire}\"]\n", SOURCE)
        .compiled().noticesAndCredits().notices().getFirst();
    assertThat(parsed.syndicated().orElseThrow().keywords()).containsExactly("from", "kyodo", "tass");
    assertThatThrownBy(() -> NormalizeRules.parse(notice + "    syndicated: x\n    syndicatedKeywords: [\"{wire}\"]\n", SOURCE)
        .compiled()).hasMessageStartingWith(SOURCE + ": rule 'n' (type notice): field 'syndicatedKeywords' refers to unknown term {wire}");
    // a term a user extended with a regex cannot be listed: the meaning is then searched for everywhere
    NoticesAndCredits.Notice regexTerm = NormalizeRules.parse("terms:\n  wire: [Kyodo, \"T[A]SS\"]\n" + notice
        + "    syndicated: \"\\\\b(?:from|{wire})\\\\b\"\n    syndicatedKeywords: [from, \"{wire}\"]\n", SOURCE)
        .compiled().noticesAndCredits().notices().getFirst();
    assertThat(regexTerm.syndicated().orElseThrow().keywords()).isEmpty();
    assertThat(regexTerm.syndicated().orElseThrow().firstStart("via TASS", "via tass")).isEqualTo(4);
    // so the defaults, extended with such an agency, still load and still read a notice
    NoticesAndCredits.Notice extended = NormalizeRules.defaults().extendedWith(NormalizeRules.parse("terms:\n  agency: [\"K[yj]odo\"]\n", SOURCE))
        .compiled().noticesAndCredits().notices().getFirst();
    assertThat(extended.syndicated().orElseThrow().keywords()).isEmpty();
    assertThat(extended.syndicated().orElseThrow().firstStart("copy of a Kjodo feed", "copy of a kjodo feed")).isEqualTo(10);
    assertThat(NormalizeRules.defaults().compiled().noticesAndCredits().notices().getFirst().syndicated().orElseThrow().keywords()).contains("kyodo");
    assertThatThrownBy(() -> NormalizeRules.parse(notice + "    syndicated: x\n    uneditedKeywords: [not]\n", SOURCE).compiled())
        .hasMessage(SOURCE + ": rule 'n' (type notice): field 'uneditedKeywords' needs 'unedited'");
  }

  @Test
  void brokenSelectorMissingFieldUnknownFieldAndUnknownTermAreRejected() {
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: boxes\n    type: element\n    selector: \"div[\"\n", SOURCE))
        .hasMessageContaining("rule 'boxes'").hasMessageContaining("not a valid CSS selector");
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: boxes\n    type: element\n", SOURCE))
        .hasMessageContaining("rule 'boxes'").hasMessageContaining("field 'selector' is required");
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: boxes\n    type: element\n    selector: div\n    colour: red\n", SOURCE))
        .hasMessageContaining("rule 'boxes'").hasMessageContaining("unknown field 'colour'");
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: c\n    type: credit\n    pattern: \"\\\\({wire}\\\\)$\"\n", SOURCE))
        .hasMessageContaining("rule 'c'").hasMessageContaining("unknown term {wire}");
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: a\n    type: element\n    selector: p\n  - id: a\n    type: element\n    selector: p\n", SOURCE))
        .hasMessageContaining("rule 'a' is defined twice");
  }

  @Test
  void aDatelineRunsOnlyOnABlockHoldingOneOfItsKeywords() {
    String dateline = "rules:\n  - id: dateline-place-date\n    type: dateline\n"
        + "    pattern: \"(?<place>[A-Z][a-z]+), (?<date>[A-Z][a-z]+ [0-9]+): \"\n";
    String body = "Moscow, September 13: Russia is touting its support from China this week.";
    Story plain = Normalizer.withRules(NormalizeRules.defaults().extendedWith(NormalizeRules.parse(dateline, SOURCE)))
        .normalize(Items.withBody(body));
    assertThat(plain.dateline()).map(Dateline::place).contains("Moscow");
    // compared as written with keywordsMatchCase, ignoring case without it
    for (String keywords : List.of("    keywords: [SEPTEMBER]\n    keywordsMatchCase: true\n", "    keywords: [\"(\"]\n")) {
      Story gated = Normalizer.withRules(NormalizeRules.defaults().extendedWith(NormalizeRules.parse(dateline + keywords, SOURCE)))
          .normalize(Items.withBody(body));
      assertThat(gated.dateline()).as(keywords).isEmpty();
      assertThat(gated.text()).as(keywords).isEqualTo(body);
    }
    Story folded = Normalizer.withRules(NormalizeRules.defaults().extendedWith(NormalizeRules.parse(dateline
        + "    keywords: [SEPTEMBER]\n", SOURCE))).normalize(Items.withBody(body));
    assertThat(folded.dateline()).map(Dateline::place).contains("Moscow");
  }

  @Test
  void theRelatedRulesReadTheirSmallWordsFromOneTerm() {
    String body = "Heavy rain lashed Mumbai on Tuesday. Maharashtra Rains du Jour: IMD Issues Red Alert for Mumbai and Thane.";
    assertThat(Normalizer.withDefaultRules().normalize(Items.withBody(body)).text()).isEqualTo(body);
    NormalizeRules du = NormalizeRules.defaults().extendedWith(NormalizeRules.parse("terms:\n  small-words: [du]\n", SOURCE));
    assertThat(Normalizer.withRules(du).normalize(Items.withBody(body)).text()).isEqualTo("Heavy rain lashed Mumbai on Tuesday.");
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: h\n    type: related-headline\n    smallWords: [\"{tiny}\"]\n", SOURCE)
        .compiled()).hasMessage(SOURCE + ": rule 'h' (type related-headline): field 'smallWords' refers to unknown term {tiny}; known: []");
  }

  @Test
  void aClosingCreditIsLookedForWithinItsRulesLastCharacters() {
    String body = "The council met on Tuesday and voted. (With inputs from PTI)";
    assertThat(Normalizer.withDefaultRules().normalize(Items.withBody(body)).text()).isEqualTo("The council met on Tuesday and voted.");
    NormalizeRules narrow = NormalizeRules.defaults().extendedWith(NormalizeRules.parse("""
        rules:
          - id: credit-with-inputs
            type: credit
            withinLastChars: 10
            afterSentence: true
            pattern: '[(\\[]?\\s*with\\s+inputs?\\s+from\\s+(?:PTI|ANI)\\s*[)\\]]?\\s*$'
        """, SOURCE));
    assertThat(Normalizer.withRules(narrow).normalize(Items.withBody(body)).text()).isEqualTo(body);
  }

  @Test
  void aUserRuleWithEnabledFalseDisablesTheDefaultOfThatId() {
    NormalizeRules rules = NormalizeRules.defaults()
        .extendedWith(NormalizeRules.parse("rules:\n  - id: related-headline-run-in\n    enabled: false\n", SOURCE));
    assertThat(rules.ruleIds()).doesNotContain("related-headline-run-in");
    Story story = Normalizer.withRules(rules).normalize(Items.withBody(
        "Heavy rain lashed Mumbai on Tuesday. Maharashtra Rains: IMD Issues Red Alert for Mumbai and Thane Districts."));
    assertThat(story.text()).endsWith("IMD Issues Red Alert for Mumbai and Thane Districts.");
  }

  @Test
  void aUserRuleWithTheSameIdReplacesTheDefaultAndANewIdAdds() {
    NormalizeRules user = NormalizeRules.parse("""
        terms:
          agency: [KNN]
        rules:
          - id: paragraph-appeared-first
            type: paragraph
            kind: furniture
            pattern: "read the full story on our app.*"
          - id: site-footer-copyright
            type: paragraph
            kind: furniture
            maxWords: 12
            pattern: "©.*all rights reserved\\\\.?"
        """, SOURCE);
    Normalizer normalizer = Normalizer.withRules(NormalizeRules.defaults().extendedWith(user));
    Story story = normalizer.normalize(Items.withBody("""
        <p>The bridge opened on Monday.</p><p>Read the full story on our app today</p>
        <p>The post Bridge Opens appeared first on Example.</p><p>© 2026 Example Media. All rights reserved.</p>
        <p>Traffic was light. (KNN)</p>"""));
    assertThat(story.text()).isEqualTo("The bridge opened on Monday.\n\nThe post Bridge Opens appeared first on Example.\n\nTraffic was light.");
    assertThat(story.removed()).extracting("rule").containsExactly(
        "paragraph-appeared-first", "site-footer-copyright", "credit-parenthetical");
    assertThat(story.provenance().agencies()).containsExactly("KNN");
  }

  @Test
  void emptyRulesFileGivesNoRulesAndTheNormalizerStillWorks() {
    NormalizeRules none = NormalizeRules.parse("", SOURCE);
    assertThat(none.ruleIds()).isEmpty();
    Story story = Normalizer.withRules(none).normalize(Items.withBody("<p>Advertisement</p><p>Text.</p>"));
    assertThat(story.text()).isEqualTo("Advertisement\n\nText.");
  }
}
