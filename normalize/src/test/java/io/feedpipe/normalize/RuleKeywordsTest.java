package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default rules' keywords are a speed bound: a pattern whose keywords are absent is not run.
 * This holds the lists sound: wherever a credit or dateline pattern (or a notice's {@code self})
 * matches, one of its keywords occurs as the gate looks for it.
 */
class RuleKeywordsTest {
  private static final List<String> CREDITS = List.of(
      "(ANI)", "( PTI )", "(Reuters/AFP)", "(With inputs from PTI)", "(With Inputs From Agencies)", "With agency inputs.",
      "(Additional reporting by Reuters)", "Reports from ANI and PTI", "(Reporting from AFP)", "Reports by Reuters", "(with PTI inputs)", "[With Agency Inputs]",
      "-- IANS", "— AFP", "--IANS ab/sk", "– Reuters", "PTI AB RS", "PTI SKL NSD", "IANS MK", "UNI XY ZZ",
      "(Reporting by Jane Doe; Editing by John Roe)", "(Writing by A. Writer)", "By PTI", "by agencies",
      "Jane Doe | IANS", "BY ANI");

  @Test
  void everyCreditMatchHoldsOneOfItsRulesKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    Set<String> matched = new HashSet<>();
    for (String text : texts()) {
      for (NoticesAndCredits.Credit rule : rules.noticesAndCredits().credits()) {
        if (rule.pattern().matcher(text).find()) {
          matched.add(rule.id());
          assertThat(rule.mayMatchIn(text, CaseFold.fold(text))).as("%s matches %s", rule.id(), text).isTrue();
        }
      }
    }
    // every rule was exercised, so a wrong list cannot pass unseen
    assertThat(matched).containsAll(rules.noticesAndCredits().credits().stream().map(NoticesAndCredits.Credit::id).toList());
  }

  /** Datelines in each shape the defaults read, and near misses (no date, a place in lower case). */
  private static final List<String> DATELINES = List.of(
      "Moscow, September 13: Russia is touting its support.", "New Delhi, May 21 (PTI) The council met.",
      "Lucknow (Uttar Pradesh) [India], May 19 (ANI): Rain fell.", "LONDON, May 3 (Reuters) - Talks went on.",
      "Paris, 3 June -- Talks went on.", "Rio de Janeiro, Sept. 9, 2022 — Talks went on.",
      "WASHINGTON (AP) — Talks went on.", "Mumbai (PTI): Rain fell.", "New Delhi (IANS) Rain fell.",
      "Jakarta (Xinhua) -- Rain fell.", "WASHINGTON — Talks went on.", "NEW YORK, N.Y. -- Talks went on.",
      "Moscow, Monday: talks went on.", "moscow, May 3: talks went on.", "Moscow (AP)talks");

  @Test
  void everyDatelineMatchHoldsOneOfItsRulesKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(DATELINES);
    texts.addAll(texts());
    Set<String> matched = new HashSet<>();
    for (String text : texts) {
      for (Datelines.Rule rule : rules.datelines().rules()) {
        java.util.regex.Matcher m = rule.pattern().matcher(text);
        while (m.find()) { // anywhere, not only at the start: more matches to hold the lists to
          matched.add(rule.id());
          String match = m.group();
          assertThat(rule.keywords().mayMatchIn(match, CaseFold.fold(match))).as("%s matches %s", rule.id(), match).isTrue();
        }
      }
    }
    assertThat(matched).containsAll(rules.datelines().rules().stream().map(Datelines.Rule::id).toList());
    // the gate is in use: a default dateline rule skips a block holding none of its keywords
    assertThat(rules.datelines().rules()).anySatisfy(r -> assertThat(r.keywords().mayMatchIn("Talks went on.", "talks went on.")).isFalse());
  }

  private static final List<String> ATTRIBUTIONS = List.of(
      "CNN reported on Monday.", "The Washington Post first reported the talks.", "Reuters quoted an aide.",
      "The BBC has broadcast the speech.", "AP reports that talks went on.", "Sky News had reported it.",
      "The story was cited by CNN.", "It was first reported by Reuters.", "According to AP, talks went on.",
      "as per ANI", "citing Reuters", "quoting a report by the Hindu", "He told Reuters.", "telling CNN",
      "speaking to NDTV", "in an interview with the BBC", "AL JAZEERA REPORTED", "Al Jazeera reported");

  @Test
  void everyAttributionMatchHoldsOneOfItsKeywordsAndEndsWithOneWhenTheRuleSaysSo() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(ATTRIBUTIONS);
    texts.addAll(texts());
    Set<String> matched = new HashSet<>();
    for (String text : texts) {
      String lower = KeywordWindows.asciiLowerCase(text);
      for (Attributions.Rule rule : rules.attributions().rules()) {
        java.util.regex.Matcher m = rule.pattern().matcher(text);
        while (m.find()) {
          matched.add(rule.id());
          String match = lower.substring(m.start(), m.end());
          assertThat(rule.keywords()).as("%s matches %s", rule.id(), match)
              .anySatisfy(k -> assertThat(match).contains(KeywordWindows.asciiLowerCase(k)));
          if (rule.matchEndsWithKeyword()) {
            assertThat(rule.keywords()).as("%s matches %s", rule.id(), match)
                .anySatisfy(k -> assertThat(match).endsWith(KeywordWindows.asciiLowerCase(k)));
          }
          if (rule.matchStartsWithCapital()) {
            char first = text.charAt(m.start());
            assertThat((first >= 'A' && first <= 'Z') || first >= 0x80).as("%s matches %s", rule.id(), match).isTrue();
            assertThat(m.start() == 0 || !Character.isLetterOrDigit(text.charAt(m.start() - 1))).as("%s matches %s", rule.id(), match).isTrue();
          }
          if (rule.matchStartsWithKeyword()) {
            assertThat(rule.keywords()).as("%s matches %s", rule.id(), match)
                .anySatisfy(k -> assertThat(match).startsWith(KeywordWindows.asciiLowerCase(k)));
          }
        }
      }
    }
    assertThat(matched).containsAll(rules.attributions().rules().stream().map(Attributions.Rule::id).toList());
    assertThat(rules.attributions().rules()).anyMatch(Attributions.Rule::matchEndsWithKeyword);
    assertThat(rules.attributions().rules()).anyMatch(Attributions.Rule::matchStartsWithKeyword);
    assertThat(rules.attributions().rules()).anyMatch(Attributions.Rule::matchStartsWithCapital);
  }

  /** Notices and other sentences that speak of "this story", each way the default {@code self} has. */
  private static final List<String> SELF_REFERENCES = List.of(
      "(This is an unedited and auto-generated story from Syndicated News feed, LatestLY Staff may not have modified or edited the content body)",
      "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
      "(Only the headline and picture of this report may have been reworked by the Business Standard staff; the rest of the content is auto-generated from a syndicated feed.)",
      "This report is auto-generated from PTI news service. ThePrint holds no responsibility for its content.",
      "The above article was published from a wire feed.", "Our story was updated.", "THIS ARTICLE IS AUTO-GENERATED.",
      "Th\u0131s story is unedited.", "The headline of this story was changed.", "Headlines of this article were edited.",
      "Nothing in the content body was changed.", "The rest of the story is from PTI.", "Except the headline, nothing was edited.",
      "This is an automatically generated news item.", "this news report has been edited", "(our copy was carried unedited)");

  @Test
  void everySelfReferenceHoldsOneOfItsNoticesKeywordsAtAWordStart() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(SELF_REFERENCES);
    texts.addAll(texts());
    Set<String> soleKeywords = new HashSet<>();
    int matches = 0;
    for (String text : texts) {
      for (NoticesAndCredits.Notice rule : rules.noticesAndCredits().notices()) {
        if (rule.self().matcher(text).find()) {
          matches++;
          assertThat(rule.mayReferToItselfIn(text)).as("%s refers to itself in %s", rule.id(), text).isTrue();
          List<String> present = rule.selfKeywords().stream()
              .filter(k -> withKeywords(rule, List.of(k)).mayReferToItselfIn(text)).toList();
          if (present.size() == 1) {
            soleKeywords.add(present.getFirst());
          }
        }
      }
    }
    assertThat(matches).isGreaterThanOrEqualTo(SELF_REFERENCES.size());
    // each keyword was the only one in some matching text: none could be dropped from the list
    for (NoticesAndCredits.Notice rule : rules.noticesAndCredits().notices()) {
      assertThat(soleKeywords).containsAll(rule.selfKeywords());
    }
  }

  /** Notices of each meaning, and how each default meaning can open (one text per alternative). */
  private static final List<String> MEANINGS = List.of(
      "auto-generated", "automatically published", "autogenerated", "generated automatically", "machine-generated",
      "computer generated", "algorithm-written",
      "AI written", "written by an AI", "produced with software", "unedited", "un-edited", "unmodified", "unaltered",
      "not edited", "never reviewed", "without any changes", "only the headline was changed", "except the title",
      "nothing else has been changed", "nor checked", "is n't edited", "takes no responsibility", "bears no liability",
      "accepts no responsibility", "assumes no liability", "not be held responsible for", "syndicated",
      "syndication", "news agency", "wire service", "press-agency", "agency feed", "newswire", "wire copy",
      "from a syndicated feed", "from PTI", "from the Associated Press", "Kyodo feed", "Reuters news service",
      "Indo-Asian News Service wire");

  @Test
  void everyMeaningMatchStartsWithOneOfItsKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(MEANINGS);
    texts.addAll(SELF_REFERENCES);
    texts.addAll(texts());
    List<String> agencies = rules.agencies().names().orElseThrow().keywords().stream().map(CaseFold::fold).toList();
    for (NoticesAndCredits.Notice rule : rules.noticesAndCredits().notices()) {
      for (Optional<KeywordStartSearch> meaning : List.of(rule.autoGenerated(), rule.unedited(), rule.syndicated())) {
        if (meaning.isEmpty()) {
          continue;
        }
        List<String> keywords = meaning.get().keywords();
        assertThat(keywords).isNotEmpty();
        Set<String> soleKeywords = new HashSet<>();
        for (String text : texts) {
          String folded = CaseFold.fold(text);
          java.util.regex.Matcher m = meaning.get().pattern().matcher(text);
          while (m.find()) {
            opensWithOneOf(keywords, folded, m.start(), soleKeywords, meaning.get().pattern() + " in " + text);
          }
        }
        // each keyword alone opened some match: the list holds none that could be dropped unseen
        // ("{agency}" stands for every agency name: those opened by one are enough)
        assertThat(soleKeywords).as("%s", meaning.get().pattern())
            .containsAll(keywords.stream().filter(k -> !agencies.contains(k)).toList());
      }
    }
  }

  /**
   * Asserts that a match at {@code at} opens with one of the keywords in the folded text, and notes
   * the keyword when it is the only one there.
   */
  private static void opensWithOneOf(List<String> keywords, String folded, int at, Set<String> soleKeywords, String what) {
    List<String> opening = keywords.stream().filter(k -> folded.startsWith(k, at)).toList();
    assertThat(opening).as("%s, at %d", what, at).isNotEmpty();
    if (opening.size() == 1) {
      soleKeywords.add(opening.getFirst());
    }
  }

  /** Each way the default related marker can open, and variants a Unicode-case pattern reads alike ("ſ", "İ"). */
  private static final List<String> MARKERS = List.of("Also Read | ", "Read also: ", "READ MORE: ", "Also see ", "See also: ",
      "Must read: ", "Don't miss: ", "Dont miss ", "Also watch ", "Watch video: ", "Related: ", "Related stories: ",
      "Recommended reading: ", "Recommended: ", "More news on India: ", "More stories ", "You may also like: ",
      "Trending news: ", "Trending ", "In case you missed it: ", "\u017fee also: ", "\u0130n case you missed it: ",
      "al\u017fo read: ");

  @Test
  void everyMarkerMatchStartsWithOneOfItsKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(MARKERS);
    texts.addAll(texts());
    for (RelatedHeadlines.Marker rule : rules.related().markers()) {
      assertThat(rule.keywords()).isNotEmpty();
      Set<String> soleKeywords = new HashSet<>();
      for (String text : texts) {
        String folded = CaseFold.fold(text);
        java.util.regex.Matcher m = rule.marker().matcher(text);
        for (int i = 0; i < text.length(); i++) {
          if (!m.region(i, text.length()).lookingAt()) {
            continue;
          }
          opensWithOneOf(rule.keywords(), folded, i, soleKeywords, rule.id() + " in " + text);
          assertThat(rule.mayStartAt(text, i)).as("%s at %d of %s", rule.id(), i, text).isTrue();
        }
      }
      assertThat(soleKeywords).as(rule.id()).containsAll(rule.keywords());
    }
  }

  @Test
  void theMarkerGateComparesAsTheCaseInsensitivePatternDoes() {
    RelatedHeadlines.Marker rule = NormalizeRules.defaults().compiled().related().markers().getFirst();
    Random random = new Random(20261129);
    String pieces = "aAlLsSoO rReEdDmMuUtTwWcChHiInN'\u017f\u0130\u0131\u212a.|:";
    int admitted = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(10); k > 0; k--) {
        sb.append(random.nextInt(3) == 0 ? MARKERS.get(random.nextInt(MARKERS.size()))
            : String.valueOf(pieces.charAt(random.nextInt(pieces.length()))));
      }
      String text = sb.toString();
      String folded = CaseFold.fold(text);
      for (int i = 0; i <= text.length(); i++) {
        int at = i;
        boolean expected = rule.keywords().stream().anyMatch(k -> folded.startsWith(k, at));
        assertThat(rule.mayStartAt(text, i)).as("%d of %s", i, text).isEqualTo(expected);
        admitted += expected ? 1 : 0;
      }
    }
    assertThat(admitted).isGreaterThan(10_000);
  }

  /** Furniture paragraphs of each default paragraph rule, each way it can open ("ſ" read as "s" too). */
  private static final List<String> PARAGRAPHS = List.of("Advertisement", "— ADVERTISEMENT —", "Advertisment", "Ad",
      "Sponsored content", "Story continues below advertisement", "Continue reading after the ad",
      "Scroll down to continue reading", "Also, follow us on Twitter", "Follow us on Facebook.", "Join our WhatsApp channel at x",
      "Like us on Facebook", "Find us on Instagram", "Share this story on Facebook", "Tweet", "Email", "Print this page",
      "Sign up to our newsletter", "Subscribe now for our daily alerts", "Register free for the briefing updates",
      "Download the NDTV app", "Get our news app", "Catch all the latest news updates", "The post X appeared first on Y.",
      "\u017fhare on Facebook", "\u017fponsored", "-\u017fign up for the newsletter");

  @Test
  void everyParagraphRuleMatchOpensWithOneOfItsKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    List<String> texts = new ArrayList<>(PARAGRAPHS);
    texts.addAll(texts());
    for (ParagraphRule rule : rules.furniture().rules().list()) {
      assertThat(rule.keywords()).as(rule.id()).isNotEmpty();
      Set<String> soleKeywords = new HashSet<>();
      for (String text : texts) {
        if (!rule.pattern().matcher(text).matches()) {
          continue;
        }
        assertThat(ParagraphRule.mayOpenWith(text, new FoldedKeywords(rule.keywords()))).as("%s matches %s", rule.id(), text).isTrue();
        List<String> opening = rule.keywords().stream().filter(k -> ParagraphRule.mayOpenWith(text, new FoldedKeywords(List.of(k)))).toList();
        if (opening.size() == 1) {
          soleKeywords.add(opening.getFirst());
        }
      }
      assertThat(soleKeywords).as(rule.id()).containsAll(rule.keywords());
    }
    assertThat(ParagraphRule.mayOpenWith("On Saturday, the ad ran.", new FoldedKeywords(List.of("ad")))).isFalse();
    assertThat(ParagraphRule.mayOpenWith("(( \u017fhare", new FoldedKeywords(List.of("share")))).isTrue();
    assertThat(ParagraphRule.mayOpenWith("_share", new FoldedKeywords(List.of("share")))).isFalse(); // \\W* does not take "_"
  }

  @Test
  void theOpeningTableTellsWhereAKeywordStartsAsRegionMatchesDoes() {
    // keywords opening with characters whose cases fold in uncommon ways (the long s, the Kelvin
    // sign, dotted and dotless i, sharp s, the sigmas, the micro sign, a title-case digraph), one
    // at a time and all together, and the empty keyword
    List<String> openers = List.of("s", "k", "i", "\u0131", "\u0130", "\u00df", "\u03c3", "\u03c2", "\u00b5", "\u03bc",
        "\u01c5", "\u01c6", "\u212a", "\u017f", "a", "z", "1", "(", "_");
    List<List<String>> lists = new ArrayList<>(openers.stream().map(o -> List.of(o + "x")).toList());
    lists.add(openers.stream().map(o -> o + "x").toList());
    lists.addAll(openers.stream().map(o -> List.of("s" + o)).toList()); // the same characters second
    lists.add(openers.stream().map(o -> "s" + o).toList());
    lists.add(List.of("s")); // a keyword of one character
    lists.add(List.of(""));
    for (List<String> keywords : lists) {
      FoldedKeywords folded = new FoldedKeywords(keywords);
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        for (String text : List.of((char) c + "X", "s" + (char) c, String.valueOf((char) c))) {
          assertThat(folded.startAt(text, 0)).as("[%s] and %s", text, keywords).isEqualTo(CaseFold.keywordAt(text, 0, keywords));
        }
      }
      assertThat(folded.startAt("ab", 2)).isEqualTo(CaseFold.keywordAt("ab", 2, keywords));
    }
  }

  @Test
  void theSelfGateWantsAKeywordAtTheStartOfAWord() {
    NoticesAndCredits.Notice rule = NormalizeRules.defaults().compiled().noticesAndCredits().notices().getFirst();
    assertThat(rule.mayReferToItselfIn("The harbour strike went on amid unrest; the union voted.")).isFalse();
    assertThat(rule.mayReferToItselfIn("Talks went on in Geneva.")).isFalse();
    assertThat(rule.mayReferToItselfIn("Talks went on (our copy).")).isTrue();
    assertThat(rule.mayReferToItselfIn("\u00e9our")).isTrue(); // \\b stands between a non-ASCII letter and "our"
    // since JDK 19 \\b stands between "e" and "ſ" (no ASCII word character), where a case-insensitive
    // pattern reads "ſyndicated" as "syndicated"
    assertThat(Pattern.compile("\\bsyndicated", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher("e\u017fyndicated").find()).isTrue();
    assertThat(withKeywords(rule, List.of("syndicated")).mayReferToItselfIn("e\u017fyndicated")).isTrue();
    assertThat(withKeywords(rule, List.of()).mayReferToItselfIn("anything")).isTrue();
  }

  private static NoticesAndCredits.Notice withKeywords(NoticesAndCredits.Notice r, List<String> keywords) {
    return new NoticesAndCredits.Notice(r.id(), r.kind(), r.self(), r.label(), r.selfWithinChars(), r.meanings(),
        r.maxWords(), keywords);
  }

  /** Block texts of the case bodies and the seed, and each credit alone and closing a sentence. */
  private static List<String> texts() throws IOException {
    List<String> out = new ArrayList<>();
    for (String credit : CREDITS) {
      out.add(credit);
      out.add("The minister spoke on Tuesday. " + credit);
      out.add("The minister spoke on Tuesday " + credit);
    }
    List<Path> bodies;
    try (Stream<Path> cases = Files.list(Path.of("src/test/resources/cases"))) {
      bodies = cases.filter(p -> p.toString().endsWith(".case")).sorted().toList();
    }
    ElementRules elements = NormalizeRules.defaults().compiled().elements();
    for (Path p : bodies) {
      String body = CaseFile.parse(Files.readString(p)).body();
      new BodyReader(elements, Optional.empty()).read(body).blocks().forEach(b -> out.add(b.text()));
    }
    return out;
  }
}
