package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.Story;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rule written with no hints matches everything its pattern matches (#18): what the prefilter
 * reads from a pattern ({@link PatternLiterals}) holds for every match the ungated regex finds in
 * random texts — for every pattern of the default rules and for rules a user might write, those
 * whose literals cannot be read among them — and normalizing with the derived gates gives the story
 * that normalizing with every pattern run everywhere gives.
 */
class DerivedGatesTest {
  private static final long SEED = 20261206L;
  private static final int IGNORE_CASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** Patterns a user might write in a rules file, with the flags their rule types compile them with. */
  private static final Map<String, Integer> USER_PATTERNS = userPatterns();

  private static Map<String, Integer> userPatterns() {
    Map<String, Integer> p = new LinkedHashMap<>();
    p.put("(?<source>[A-Z][a-z]+) (?:said|stated)\\b", 0);
    p.put("\\bsaid\\s+(?<source>\\p{Lu}\\w+)", 0);
    p.put("(?<source>\\p{Lu}{2,})\\s+(?:has\\s+)?told\\b", 0);
    p.put("(?x) (?<source> [A-Z]\\w+ ) \\s+ said  # comments mode: not read", 0);
    p.put("(?<source>(\\w)\\w*)\\s+\\2\\w*\\s+said", 0); // a back-reference: not read
    p.put("\\W*(?:photo|image)\\s*:.*", IGNORE_CASE);
    p.put(".*copyright.*", IGNORE_CASE);
    p.put("(?<place>[A-Z]{2,})\\s*[.:]\\s+", 0);
    p.put("(?:Reuters|AP|K[yj]odo)\\s*$", IGNORE_CASE);
    p.put("\\p{L}+", 0);
    p.put("(?i)\u017ftory|STORY|k[ae]lvin", 0);
    p.put("(?<=\\()\\w+(?=\\))", 0);
    p.put("(?:a|b)?c+d*", IGNORE_CASE);
    p.put("\\Qa.b\\E(?:x|y)\\R?", 0);
    p.put("[\\s-]*\u2014\\s*(?:AFP|AP)\\b", IGNORE_CASE);
    p.put("(?-i:AP)\\s+(?i:reports?)", IGNORE_CASE);
    p.put("\\bas\\s+per\\b|\\bciting\\s+(?:the\\s+)?\\w+", 0);
    p.put("(?:[Tt]he\\s+)?\\p{Lu}\\w*(?:\\s+\\p{Lu}\\w*){0,3}\\s+(?:reported|quoted)", 0);
    p.put("x?", 0);
    return p;
  }

  /** Texts each default rule matches, each way it can match (credits, datelines, attributions, notices and their meanings, markers, furniture). */
  private static final List<String> EXAMPLES = List.of(
      "(ANI)", "( PTI )", "(Reuters/AFP)", "(With inputs from PTI)", "(With Inputs From Agencies)", "With agency inputs.",
            "(Additional reporting by Reuters)", "Reports from ANI and PTI", "(Reporting from AFP)", "Reports by Reuters", "(with PTI inputs)", "[With Agency Inputs]",
            "-- IANS", "— AFP", "--IANS ab/sk", "– Reuters", "PTI AB RS", "PTI SKL NSD", "IANS MK", "UNI XY ZZ",
            "(Reporting by Jane Doe; Editing by John Roe)", "(Writing by A. Writer)", "By PTI", "by agencies",
            "Jane Doe | IANS", "BY ANI",
      "Moscow, September 13: Russia is touting its support.", "New Delhi, May 21 (PTI) The council met.",
            "Lucknow (Uttar Pradesh) [India], May 19 (ANI): Rain fell.", "LONDON, May 3 (Reuters) - Talks went on.",
            "Paris, 3 June -- Talks went on.", "Rio de Janeiro, Sept. 9, 2022 — Talks went on.",
            "WASHINGTON (AP) — Talks went on.", "Mumbai (PTI): Rain fell.", "New Delhi (IANS) Rain fell.",
            "Jakarta (Xinhua) -- Rain fell.", "WASHINGTON — Talks went on.", "NEW YORK, N.Y. -- Talks went on.",
            "Moscow, Monday: talks went on.", "moscow, May 3: talks went on.", "Moscow (AP)talks",
      "CNN reported on Monday.", "The Washington Post first reported the talks.", "Reuters quoted an aide.",
            "The BBC has broadcast the speech.", "AP reports that talks went on.", "Sky News had reported it.",
            "The story was cited by CNN.", "It was first reported by Reuters.", "According to AP, talks went on.",
            "as per ANI", "citing Reuters", "quoting a report by the Hindu", "He told Reuters.", "telling CNN",
            "speaking to NDTV", "in an interview with the BBC", "AL JAZEERA REPORTED", "Al Jazeera reported",
      "(This is an unedited and auto-generated story from Syndicated News feed, LatestLY Staff may not have modified or edited the content body)",
            "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
            "(Only the headline and picture of this report may have been reworked by the Business Standard staff; the rest of the content is auto-generated from a syndicated feed.)",
            "This report is auto-generated from PTI news service. ThePrint holds no responsibility for its content.",
            "The above article was published from a wire feed.", "Our story was updated.", "THIS ARTICLE IS AUTO-GENERATED.",
            "Th\u0131s story is unedited.", "The headline of this story was changed.", "Headlines of this article were edited.",
            "Nothing in the content body was changed.", "The rest of the story is from PTI.", "Except the headline, nothing was edited.",
            "This is an automatically generated news item.", "this news report has been edited", "(our copy was carried unedited)",
      "auto-generated", "automatically published", "autogenerated", "generated automatically", "machine-generated",
            "computer generated", "algorithm-written",
            "AI written", "written by an AI", "produced with software", "unedited", "un-edited", "unmodified", "unaltered",
            "not edited", "never reviewed", "without any changes", "only the headline was changed", "except the title",
            "nothing else has been changed", "nor checked", "is n't edited", "takes no responsibility", "bears no liability",
            "accepts no responsibility", "assumes no liability", "not be held responsible for", "syndicated",
            "syndication", "news agency", "wire service", "press-agency", "agency feed", "newswire", "wire copy",
            "from a syndicated feed", "from PTI", "from the Associated Press", "Kyodo feed", "Reuters news service",
            "Indo-Asian News Service wire",
      "Also Read | ", "Read also: ", "READ MORE: ", "Also see ", "See also: ",
            "Must read: ", "Don't miss: ", "Dont miss ", "Also watch ", "Watch video: ", "Related: ", "Related stories: ",
            "Recommended reading: ", "Recommended: ", "More news on India: ", "More stories ", "You may also like: ",
            "Trending news: ", "Trending ", "In case you missed it: ", "\u017fee also: ", "\u0130n case you missed it: ",
            "al\u017fo read: ",
      "Advertisement", "— ADVERTISEMENT —", "Advertisment", "Ad",
            "Sponsored content", "Story continues below advertisement", "Continue reading after the ad",
            "Scroll down to continue reading", "Also, follow us on Twitter", "Follow us on Facebook.", "Join our WhatsApp channel at x",
            "Like us on Facebook", "Find us on Instagram", "Share this story on Facebook", "Tweet", "Email", "Print this page",
            "Sign up to our newsletter", "Subscribe now for our daily alerts", "Register free for the briefing updates",
            "Download the NDTV app", "Get our news app", "Catch all the latest news updates", "The post X appeared first on Y.",
            "\u017fhare on Facebook", "\u017fponsored", "-\u017fign up for the newsletter",
      "Photo: Reuters", "image : AP", "Inputs: ANI", "(Inputs: PTI/IANS)", "(With ANI inputs, Image: ANI)",
            "With PTI Inputs Image: PTI", "(with inputs from agency)", "GAUHATI, India (AP) Rescuers", "AUSTIN, Texas (AP) — The",
            "Kochi (IANS)", "SALEM, Oregon — The", "holds no responsibility", "not be held liable for", "Copyright 2026 Example", "OSLO. Rain fell.", "OSLO: Rain fell.", "CNN stated that",
      "Li Li said", "said Reuters", "CNN has told", "(Kyodo)", "-- Kyodo", "see: ", "watch : ", "note: ", "this text is",
      "machine made", "via PTI", "AP reports", "AP Report", "citing the Hindu", "The Times of India reported", "a.bx", "a.by\n");

  private static final List<Pattern> PATTERNS = new ArrayList<>();
  /** Pieces of text the random texts are made of: what the patterns' literals are, in several cases, and glue. */
  private static final List<String> PIECES = new ArrayList<>();

  @BeforeAll
  static void patternsAndPieces() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    rules.furniture().rules().list().forEach(r -> PATTERNS.add(r.pattern()));
    rules.datelines().rules().forEach(r -> PATTERNS.add(r.pattern()));
    rules.related().markers().forEach(r -> PATTERNS.add(r.marker()));
    for (NoticesAndCredits.Notice n : rules.noticesAndCredits().notices()) {
      PATTERNS.add(n.self());
      PATTERNS.add(n.label());
      Stream.of(n.autoGenerated(), n.unedited(), n.syndicated(), n.disclaimer()).flatMap(Optional::stream).forEach(PATTERNS::add);
    }
    rules.noticesAndCredits().credits().forEach(r -> PATTERNS.add(r.pattern()));
    rules.attributions().rules().forEach(r -> PATTERNS.add(r.pattern()));
    rules.agencies().names().ifPresent(PATTERNS::add);
    USER_PATTERNS.forEach((regex, flags) -> PATTERNS.add(Pattern.compile(regex, flags)));

    Set<String> pieces = new LinkedHashSet<>(EXAMPLES);
    for (Pattern p : PATTERNS) {
      PatternLiterals l = PatternLiterals.of(p);
      List<Set<Literal>> sets = new ArrayList<>(l.contains());
      l.starts().ifPresent(sets::add);
      l.ends().ifPresent(sets::add);
      l.openings().ifPresent(o -> sets.add(o.literals()));
      for (Set<Literal> set : sets) {
        for (Literal lit : set) {
          pieces.add(lit.text());
          pieces.add(lit.text().toUpperCase(Locale.ROOT));
          pieces.add(Character.toUpperCase(lit.text().charAt(0)) + lit.text().substring(1));
          pieces.add(lit.text().replace(" ", "  ").replace('s', '\u017f'));
        }
      }
    }
    pieces.addAll(List.of("CNN", "The Washington Post", "Reuters", "Press Trust of India", "He", "Li", "Moscow", "NEW YORK",
        "Lucknow (Uttar Pradesh) [India]", "May 19", "September 13", "2022", "(ANI)", "(This story", "auto-generated", "said",
        "told", "the", "a", "of", "our", "this", "harbour", " ", " ", " ", "  ", "\t", "\n", ". ", ", ", ": ", " | ", "—",
        " -- ", "(", ")", "[", "]", "\"", "'s", "\u0301", "e\u0301", "\u00e9", "\u0130", "\u0131", "\u212a", "\ud835\udc00",
        "x", "1", "_", "-", "McDonald's", "Talks went on in Geneva.", "copyright", "photo:", "a.b", "kelvin", "cccd"));
    for (Path p : caseFiles()) {
      String body = CaseFile.parse(Files.readString(p)).body();
      new BodyReader(rules.elements(), Optional.empty()).read(body).blocks().forEach(b -> {
        for (String sentence : b.text().split("(?<=[.:|)]) ")) {
          pieces.add(sentence + " ");
        }
      });
    }
    PIECES.addAll(pieces);
  }

  private static List<Path> caseFiles() throws IOException {
    try (Stream<Path> cases = Files.list(Path.of("src/test/resources/cases"))) {
      return cases.filter(p -> p.toString().endsWith(".case")).sorted().toList();
    }
  }

  /** Texts of a few pieces: examples of what the rules match, pieces of their literals and of case bodies, odd characters. */
  private static Gen<String> texts(int maxPieces) {
    Gen<String> piece = random -> PIECES.get(random.nextInt(PIECES.size()));
    return Gen.joined(Gen.frequency(3, Gen.oneOf(EXAMPLES), 4, piece, 1, Gen.strings(" aZ.\u017f(", 3)), maxPieces);
  }

  @Test
  void whatIsReadFromEachPatternHoldsForEveryMatchTheUngatedRegexFinds() {
    int[] matches = new int[PATTERNS.size()];
    for (int i = 0; i < PATTERNS.size(); i++) {
      Pattern p = PATTERNS.get(i);
      PatternLiterals literals = PatternLiterals.of(p);
      int index = i;
      for (String example : EXAMPLES) {
        matches[index] += checkEveryMatch(p, literals, example);
      }
      Property.forAll(SEED + i, 200, texts(12), text -> matches[index] += checkEveryMatch(p, literals, text));
    }
    for (int i = 0; i < PATTERNS.size(); i++) {
      assertThat(matches[i]).as("matches of %s in the examples and all texts", PATTERNS.get(i)).isPositive();
    }
  }

  /** Checks what was read of {@code p} against each match a search from each place finds; returns how many there were. */
  private static int checkEveryMatch(Pattern p, PatternLiterals l, String text) {
    int count = 0;
    Matcher m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int k = 0; k <= text.length(); k++) {
      if (!m.region(k, text.length()).lookingAt()) {
        continue;
      }
      count++;
      int start = m.start();
      int end = m.end();
      String what = p + " matching [" + start + ", " + end + ") of " + text;
      l.starts().ifPresent(set -> assertThat(set).as("starts of %s", what).anyMatch(lit -> lit.endAt(text, start, end) >= 0));
      l.ends().ifPresent(set -> assertThat(set).as("ends of %s", what).anyMatch(lit -> lit.startBefore(text, end, start) >= 0));
      for (Set<Literal> clause : l.contains()) {
        assertThat(occursIn(clause, text, start, end)).as("%s holds one of %s", what, clause).isTrue();
      }
      if (end > start) {
        l.firstChars().ifPresent(f -> assertThat(f.contains(text.charAt(start))).as("first character of %s", what).isTrue());
      }
      l.alphabet().ifPresent(a -> {
        for (int i = start; i < end; i++) {
          assertThat(a.contains(text.charAt(i))).as("character %d of %s", i, what).isTrue();
        }
      });
      l.maxSpaceRuns().ifPresent(max -> assertThat(spaceRuns(text, start, end)).as("runs of white space in %s", what).isLessThanOrEqualTo(max));
      if (l.startsAtWordBoundary() && start > 0 && start < text.length()) {
        assertThat(isAsciiWordCharacter(text.charAt(start - 1)) && isAsciiWordCharacter(text.charAt(start)))
            .as("a word boundary before %s", what).isFalse();
      }
    }
    if (l.openings().isPresent() && p.matcher(text).matches()) {
      PatternLiterals.Openings o = l.openings().get();
      Keywords literals = Keywords.of(Optional.of(o.literals()));
      boolean opens = false;
      for (int i = 0; i <= text.length() && !opens; i++) {
        opens = literals.startsAt(0, text, i);
        if (i < text.length() && !o.skipped().contains(text.charAt(i))) {
          break;
        }
      }
      assertThat(opens).as("%s, matching the whole of %s, opens with one of %s", p, text, o).isTrue();
    }
    return count;
  }

  private static boolean occursIn(Set<Literal> clause, String text, int start, int end) {
    for (int i = start; i < end; i++) {
      for (Literal lit : clause) {
        if (lit.endAt(text, i, end) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int spaceRuns(String text, int start, int end) {
    int runs = 0;
    for (int i = start; i < end; i++) {
      if (Literal.isSpace(text.charAt(i)) && (i == start || !Literal.isSpace(text.charAt(i - 1)))) {
        runs++;
      }
    }
    return runs;
  }

  private static boolean isAsciiWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** A user's rules, no hints in them, some with patterns whose literals cannot be read. */
  private static final String USER_RULES = """
      rules:
        - id: attribution-stated
          type: attribution
          pattern: '(?<source>\\p{Lu}\\w+)\\s+(?:has\\s+)?(?:said|stated)\\b'
        - id: attribution-echo
          type: attribution
          pattern: '(?<source>(\\w)\\w*)\\s+\\2\\w*\\s+said'
        - id: paragraph-photo
          type: paragraph
          pattern: '\\W*(?:photo|image)\\s*:.*'
        - id: paragraph-commented
          type: paragraph
          pattern: '(?x) .* copyright .*  # comments mode'
        - id: credit-kyodo
          type: credit
          withinLastChars: 40
          pattern: '(?:--|—)\\s*K[yj]odo\\s*$'
        - id: dateline-caps-dot
          type: dateline
          pattern: '(?<place>[A-Z]{2,})\\s*\\.\\s+'
        - id: related-marker-see
          type: related-marker
          marker: '(?:see|watch)\\s*:\\s*'
        - id: notice-machine
          type: notice
          self: '\\b(?:this|the)\\s+(?:text|item)\\b'
          label: 'note\\s*:\\s*'
          autoGenerated: '(?x) machine \\s+ made'
          syndicated: '\\bvia\\s+\\w+'
      """;

  @Test
  void normalizingWithTheDerivedGatesGivesWhatRunningEveryPatternEverywhereGives() {
    NormalizeRules defaults = NormalizeRules.defaults();
    NormalizeRules extended = defaults.extendedWith(NormalizeRules.parse(USER_RULES, "user rules"));
    int[] removed = new int[1];
    for (NormalizeRules rules : List.of(defaults, extended)) {
      Normalizer gated = Normalizer.withRules(rules);
      Normalizer ungated = new Normalizer(rules, rules.compiledUngated());
      Gen<String> bodies = texts(8).list(6).map(paragraphs -> String.join("\n", paragraphs.stream()
          .map(s -> s.replace('\n', ' ')).filter(s -> !s.isBlank()).toList()));
      Property.forAll(SEED, 400, bodies, body -> {
        for (var item : List.of(Items.withBody(body), Items.withBody("<p>" + body.replace("\n", "</p><p>") + "</p>"))) {
          Story expected = ungated.normalize(item);
          assertThat(gated.normalize(item)).as(body).isEqualTo(expected);
          removed[0] += expected.removed().size() + expected.provenance().attributions().size();
        }
      });
    }
    assertThat(removed[0]).as("removals and attributions found in all bodies").isGreaterThan(800);
  }
}
