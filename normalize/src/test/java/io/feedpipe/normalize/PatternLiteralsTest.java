package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the analysis reads from each kind of syntax; {@code DerivedGatesTest} holds it sound on random texts. */
class PatternLiteralsTest {
  private static final int IGNORE_CASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static PatternLiterals of(String regex) {
    return PatternLiterals.of(Pattern.compile(regex));
  }

  private static PatternLiterals of(String regex, int flags) {
    return PatternLiterals.of(Pattern.compile(regex, flags));
  }

  /** A set as "=" (exact) or "~" (folded) plus its text, sorted: {@code [=ab, ~cd]}. */
  private static List<String> shown(Set<Literal> set) {
    return set.stream().map(l -> (l.exact() ? "=" : "~") + l.text()).sorted().toList();
  }

  private static List<List<String>> contains(PatternLiterals l) {
    return l.contains().stream().map(PatternLiteralsTest::shown).collect(Collectors.toList());
  }

  @Test
  void aSequenceOfCharactersIsOneLiteralThatStartsEndsAndIsContained() {
    PatternLiterals l = of("said to");
    assertThat(l.starts()).map(PatternLiteralsTest::shown).contains(List.of("=said to"));
    assertThat(l.ends()).map(PatternLiteralsTest::shown).contains(List.of("=said to"));
    assertThat(contains(l)).contains(List.of("=said to"));
  }

  @Test
  void anAlternationGivesAnyOfItsBranchesMultipliedOut() {
    assertThat(of("(?:told|tells) (?:CNN|AP)").starts()).map(PatternLiteralsTest::shown)
        .contains(List.of("=tells AP", "=tells CNN", "=told AP", "=told CNN"));
    // a branch the others' literals cover is dropped: whatever starts with "report" starts with "rep"
    assertThat(of("rep|report").starts()).map(PatternLiteralsTest::shown).contains(List.of("=rep"));
  }

  @Test
  void optionalAndRepeatedPartsContributeNothingButWhatTheyMustHold() {
    // an optional part multiplies out while the sets stay small
    assertThat(of("(?:first\\s+)?reported").starts()).map(PatternLiteralsTest::shown).contains(List.of("=first reported", "=reported"));
    assertThat(of("(?:first\\s+)?reported").ends()).map(PatternLiteralsTest::shown).contains(List.of("=reported"));
    assertThat(of("\\w*yz").starts()).isEmpty();
    assertThat(of("(?:ab)+c").starts()).map(PatternLiteralsTest::shown).contains(List.of("=ab"));
    // a small class repeated: its characters end the part before what follows
    assertThat(of("\\d{1,2} May").ends()).map(PatternLiteralsTest::shown)
        .contains(List.of("=0 May", "=1 May", "=2 May", "=3 May", "=4 May", "=5 May", "=6 May", "=7 May", "=8 May", "=9 May"));
    assertThat(contains(of("a.*b"))).contains(List.of("=a"), List.of("=b"));
  }

  @Test
  void caseInsensitivePartsGiveFoldedLiteralsAndOthersExactOnes() {
    assertThat(of("Reported", IGNORE_CASE).starts()).map(PatternLiteralsTest::shown).contains(List.of("~reported"));
    assertThat(of("(?i)AP|(?-i:PTI)").starts()).map(PatternLiteralsTest::shown).contains(List.of("=PTI", "~ap"));
    // a flag set inside a group holds to its end, and on into the branches after it (as Java reads it)
    assertThat(of("(?:a(?i)b|c)d").starts()).map(PatternLiteralsTest::shown).contains(List.of("~abd", "~cd"));
    // an exact part joined to a folded one is compared folded
    assertThat(of("AB(?i:c)").starts()).map(PatternLiteralsTest::shown).contains(List.of("~abc"));
  }

  @Test
  void aSmallClassStandsForEachCharacterAndALargeOneForNothing() {
    assertThat(of("K[yj]odo").starts()).map(PatternLiteralsTest::shown).contains(List.of("=Kjodo", "=Kyodo"));
    assertThat(of("[)\\]]\\s*$").starts()).map(PatternLiteralsTest::shown).contains(List.of("=)", "=]"));
    assertThat(of("[a-z]+ said").starts()).isEmpty();
    assertThat(of("[a-z]+ said").ends()).map(PatternLiteralsTest::shown).contains(List.of("=said"));
    assertThat(of("[^()]said").starts()).isEmpty(); // negated: it may match characters beyond the BMP too
    assertThat(of("\\p{InMusicalSymbols}x").starts()).isEmpty(); // no member in the BMP is no literal
    assertThat(of("[\\s-]*—").ends()).map(PatternLiteralsTest::shown).contains(List.of("=—"));
  }

  @Test
  void whiteSpaceIsARunOfAnyLength() {
    assertThat(of("as\\s+per").starts()).map(PatternLiteralsTest::shown).contains(List.of("=as per"));
    assertThat(of("in\\s++an\\s{1,3}interview").starts()).map(PatternLiteralsTest::shown).contains(List.of("=in an interview"));
    assertThat(of("a[ \\t]b").starts()).map(PatternLiteralsTest::shown).contains(List.of("=a b"));
    // a match may start or end inside a run of white space: then that side says nothing
    assertThat(of("\\s+by").starts()).isEmpty();
    assertThat(of("\\s+by").ends()).map(PatternLiteralsTest::shown).contains(List.of("=by"));
  }

  @Test
  void lookAroundsAndAnchorsMatchNoCharacters() {
    assertThat(of("(?<![\\p{L}\\p{N}])(?:AP|PTI)(?![\\p{L}\\p{N}])").starts()).map(PatternLiteralsTest::shown)
        .contains(List.of("=AP", "=PTI"));
    assertThat(of("^\\bsaid\\b$").starts()).map(PatternLiteralsTest::shown).contains(List.of("=said"));
    // a positive look-ahead tells what the first character is
    PatternLiterals capital = of("(?=\\p{Lu})\\w+ reported");
    assertThat(capital.firstChars()).hasValueSatisfying(f -> {
      assertThat(f.contains('C')).isTrue();
      assertThat(f.contains('c')).isFalse();
      assertThat(f.contains('\ud835')).isTrue(); // a surrogate: a match may start outside the BMP
    });
    assertThat(of("x?").firstChars()).isEmpty(); // an empty match starts anywhere
  }

  @Test
  void aPatternItCannotReadGetsNoLiteralsAtAll() {
    for (String regex : List.of("(\\w+) \\1 said", "(?x) said \\s+ (?<s>\\w+)  # comments", "(?<s>\\w+)\\k<s>")) {
      PatternLiterals l = of(regex);
      assertThat(l.starts()).as(regex).isEmpty();
      assertThat(l.gate(200, 1000)).as(regex).isEmpty();
    }
    assertThat(PatternLiterals.of(Pattern.compile("said", Pattern.CANON_EQ)).starts()).isEmpty();
    assertThat(PatternLiterals.of(Pattern.compile("a.b", Pattern.LITERAL)).starts()).isEmpty();
    // a part it cannot read says nothing, and the rest still does
    assertThat(of("\\R said").starts()).isEmpty();
    assertThat(of("\\R said").ends()).map(PatternLiteralsTest::shown).contains(List.of("=said"));
  }

  @Test
  void escapesAndQuotesAreTheirCharacters() {
    assertThat(of("\\Qa.b\\E\\x41\\u00e9\\t\\.").starts()).map(PatternLiteralsTest::shown).contains(List.of("=a.bAé ."));
    assertThat(of("\\x{1F600}x").starts()).isEmpty(); // outside the BMP: not read
  }

  @Test
  void openingsSkipWhatAMatchMayOpenWith() {
    PatternLiterals furniture = of("\\W*(?:advertisement|ad|sponsored)\\W*|the post .*", IGNORE_CASE);
    assertThat(furniture.openings()).hasValueSatisfying(o -> {
      assertThat(shown(o.literals())).containsExactly("~ad", "~sponsored", "~the post");
      assertThat(o.skipped().contains('—')).isTrue();
      assertThat(o.skipped().contains('a')).isFalse();
    });
  }

  @Test
  void aMatchHoldsNoMoreRunsOfWhiteSpaceThanItsPatternAllows() {
    assertThat(of("\\p{Lu}\\w*(?:\\s+\\p{Lu}\\w*){0,2}\\s+said").maxSpaceRuns()).hasValue(3);
    assertThat(of("\\w+\\s*,\\s*said").maxSpaceRuns()).hasValue(2);
    assertThat(of("(?:\\w+\\s)+said").maxSpaceRuns()).isEmpty();
    assertThat(of(".*said").maxSpaceRuns()).isEmpty();
  }

  @Test
  void theAlphabetIsEveryCharacterAMatchCanHold() {
    PatternLiterals l = of("[A-Z][a-z]+ said");
    assertThat(l.alphabet()).hasValueSatisfying(a -> {
      assertThat(a.contains('Q')).isTrue();
      assertThat(a.contains(' ')).isTrue();
      assertThat(a.contains(',')).isFalse();
    });
    assertThat(of("\\w+(?=,) said").alphabet()).hasValueSatisfying(a -> assertThat(a.contains(',')).isFalse());
    assertThat(of("(\\w)\\1").alphabet()).isEmpty();
  }

  @Test
  void aGateIsALiteralSetProseRarelyHoldsAndOnlyWhenLookingForItPays() {
    // a few words opening with a rare character, found by indexOf of it
    assertThat(of("\\(\\s*(?:ANI|PTI)\\s*\\)\\s*$").gate(160, 1300)).map(PatternLiteralsTest::shown)
        .contains(List.of("=( ANI", "=( PTI", "=(ANI", "=(PTI"));
    // one rare character, when the pattern is cheap to try
    assertThat(of("\\(\\s*(?:ANI|PTI)\\s*\\)\\s*$").gate(250, 100)).map(PatternLiteralsTest::shown).contains(List.of("=("));
    // a set of words prose holds everywhere is not worth a look
    assertThat(of("\\b(?:the|a)\\b").gate(200, 100)).isEmpty();
    // a pattern that fails at once on most places is cheaper run than any look
    assertThat(of("\\s*by\\s+\\w+$", IGNORE_CASE).gate(250, 100)).isEmpty();
    assertThat(of("\\s*by\\s+\\w+$", IGNORE_CASE).gate(250, 5000)).map(PatternLiteralsTest::shown).contains(List.of("~by"));
  }

  @Test
  void aLeadingWordBoundaryIsNoted() {
    assertThat(of("\\b(?:told|said)\\s+\\w+").startsAtWordBoundary()).isTrue();
    assertThat(of("(?:\\btold|\\bsaid)\\s+\\w+").startsAtWordBoundary()).isTrue();
    assertThat(of("(?:\\btold|said)\\s+\\w+").startsAtWordBoundary()).isFalse();
    assertThat(of("told\\b").startsAtWordBoundary()).isFalse();
  }
}
