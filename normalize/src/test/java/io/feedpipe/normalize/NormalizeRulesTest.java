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
  void aSpeedHintTheFormatNoLongerHasIsRejectedSayingWhy() { // #18
    assertThatThrownBy(() -> NormalizeRules.parse("rules:\n  - id: said\n    type: attribution\n"
        + "    pattern: \"(?<source>[A-Z]+) said\"\n    keywords: [said]\n", SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(SOURCE + ": rule 'said' has field 'keywords', which the rules format no longer has: what a pattern's"
            + " matches must contain is read from the pattern itself; remove the field");
  }

  @Test
  void aUserRuleWithoutHintsFindsWhatItsPatternMatches() { // #18
    // once, a rule whose hand-written keywords missed "stated" lost this; now the words come from the pattern
    NormalizeRules user = NormalizeRules.parse("""
        rules:
          - id: attribution-stated
            type: attribution
            pattern: '(?<source>\\p{Lu}\\w+)\\s+(?:said|stated)\\b'
          - id: dateline-dot
            type: dateline
            pattern: '(?<place>\\p{Lu}+)\\s*\\.\\s+'
        """, SOURCE);
    Story story = Normalizer.withRules(NormalizeRules.defaults().extendedWith(user)).normalize(Items.withBody(
        "OSLO. The council met on Tuesday. Reuters stated that talks would go on."));
    assertThat(story.provenance().attributions()).containsExactly("Reuters");
    assertThat(story.dateline()).map(Dateline::place).contains("OSLO");
  }

  @Test
  void aPatternWhoseLiteralsCannotBeReadRunsEverywhere() { // #18
    // comments mode and a back-reference: the pattern is not read for literals, so it runs ungated
    NormalizeRules user = NormalizeRules.parse("""
        rules:
          - id: paragraph-echo
            type: paragraph
            pattern: '(?x) (\\w+) \\s \\1   # a word said twice'
        """, SOURCE);
    Story story = Normalizer.withRules(NormalizeRules.defaults().extendedWith(user)).normalize(Items.withBody(
        "<p>The council met on Tuesday.</p><p>bye bye</p>"));
    assertThat(story.text()).isEqualTo("The council met on Tuesday.");
    assertThat(PatternLiterals.of(java.util.regex.Pattern.compile("(?x) (\\w+) \\s \\1")).starts()).isEmpty();
  }

  @Test
  void agenciesAreNamedByTheAgenciesRuleOfWhichOneMayBeEnabled() { // #18
    String body = "The council met on Tuesday. (With inputs from agencies)";
    Story byDefault = Normalizer.withDefaultRules().normalize(Items.withBody("The council met on Tuesday. (KNN)"));
    assertThat(byDefault.provenance().agencies()).isEmpty();
    NormalizeRules knn = NormalizeRules.defaults().extendedWith(NormalizeRules.parse("""
        terms:
          agency: [KNN]
        rules:
          - id: agencies
            type: agencies
            name: '(?<![\\p{L}\\p{N}]){agency}(?![\\p{L}\\p{N}])'
            unnamed: '\\bwire services?\\b'
        """, SOURCE));
    Story named = Normalizer.withRules(knn).normalize(Items.withBody("The council met on Tuesday. (KNN)"));
    assertThat(named.provenance().agencies()).containsExactly("KNN");
    assertThat(named.provenance().syndicated()).isTrue();
    // "agencies" no longer says syndicated by this rules' unnamed pattern; "wire services" does
    assertThat(Normalizer.withDefaultRules().normalize(Items.withBody(body)).provenance().syndicated()).isTrue();
    assertThat(Normalizer.withRules(knn).normalize(Items.withBody(body)).provenance().syndicated()).isFalse();
    assertThatThrownBy(() -> NormalizeRules.defaults().extendedWith(NormalizeRules.parse(
        "rules:\n  - id: agencies-too\n    type: agencies\n    name: AFP\n    unnamed: agency\n", SOURCE)))
        .hasMessage(SOURCE + ": rule 'agencies-too' (type agencies): only one rule of type agencies may be enabled;"
            + " 'agencies' is one already");
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
  void theRelatedRulesReadTheirSmallWordsFromOneTerm() {
    String body = "Heavy rain lashed Mumbai on Tuesday. Maharashtra Rains du Jour: IMD Issues Red Alert for Mumbai and Thane.";
    HeadlineDictionary feedTitles = HeadlineDictionary.of(List.of("Maharashtra Rains du Jour: IMD Issues Red Alert for Mumbai and Thane"));
    assertThat(Normalizer.withDefaultRules().normalize(Items.withBody(body), feedTitles).text()).isEqualTo(body);
    NormalizeRules du = NormalizeRules.defaults().extendedWith(NormalizeRules.parse("terms:\n  small-words: [du]\n", SOURCE));
    assertThat(Normalizer.withRules(du).normalize(Items.withBody(body), feedTitles).text()).isEqualTo("Heavy rain lashed Mumbai on Tuesday.");
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
