package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The keyword gate finds what trying each literal at each place finds, whichever way it looks (a
 * set of single characters by indexOf, a few words by indexOf of their first characters, any other
 * set by the automaton, one place by its table of openings): the oracle here is a regex per
 * literal, compared as the literal's pattern compares it (folded under CASE_INSENSITIVE and
 * UNICODE_CASE, or exactly; a space as a run of white space).
 */
class KeywordsTest {
  private static final long SEED = 20261206L;
  /** Characters whose cases fold in uncommon ways (long s, Kelvin sign, dotted and dotless i), white space, rare punctuation. */
  private static final String LITERAL_CHARS = "abAB sS\u017f\u212aKk(I\u0130\u0131i-\u2014";
  private static final String TEXT_CHARS = LITERAL_CHARS + " \t\n\u000bxX.\u00e9\ud835\udc00";

  private record Case(List<Set<Literal>> sets, String text, int from, int to) {}

  private static final Gen<Literal> LITERAL = random -> {
    boolean exact = random.nextBoolean();
    int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      char c = LITERAL_CHARS.charAt(random.nextInt(LITERAL_CHARS.length()));
      if (c == ' ' && (i == 0 || i == length - 1 || sb.charAt(sb.length() - 1) == ' ')) {
        c = 'a'; // a literal neither starts nor ends with white space, and a run is one space
      }
      sb.append(c);
    }
    return new Literal(exact ? sb.toString() : CaseFold.fold(sb.toString()), exact);
  };

  private static final Gen<Set<Literal>> SET = random -> {
    Set<Literal> set = new LinkedHashSet<>();
    for (int n = 1 + random.nextInt(random.nextBoolean() ? 3 : 8); n > 0; n--) {
      set.add(LITERAL.next(random));
    }
    return set;
  };

  private static final Gen<Case> CASES = random -> {
    List<Set<Literal>> sets = new ArrayList<>();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      sets.add(random.nextInt(6) == 0 ? null : SET.next(random));
    }
    String text = Gen.strings(TEXT_CHARS, 60).next(random);
    int from = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    int to = from + random.nextInt(text.length() - from + 1);
    return new Case(sets, text, random.nextBoolean() ? 0 : from, random.nextBoolean() ? text.length() : to);
  };

  @Test
  void everyWayOfLookingFindsWhatTryingEachLiteralAtEachPlaceFinds() {
    int[] found = new int[1];
    Property.forAll(SEED, 4000, CASES, c -> {
      Keywords keywords = Keywords.of(c.sets());
      Keywords.Scan scan = keywords.scan(c.text(), c.from(), c.to());
      for (int r = 0; r < c.sets().size(); r++) {
        Set<Literal> set = c.sets().get(r);
        if (set == null) {
          assertThat(keywords.gated(r)).isFalse();
          assertThat(scan.occurs(r)).isTrue();
          continue;
        }
        TreeSet<Integer> starts = new TreeSet<>();
        TreeSet<Integer> ends = new TreeSet<>();
        for (Literal l : set) {
          Matcher m = oracle(l).matcher(c.text());
          for (int i = c.from(); i < c.to(); i++) {
            if (m.region(i, c.to()).lookingAt()) {
              starts.add(i);
              ends.add(m.end());
            }
          }
        }
        found[0] += starts.size();
        String what = "set " + set + " in [" + c.from() + ", " + c.to() + ")";
        assertThat(scan.occurs(r)).as(what).isEqualTo(!starts.isEmpty());
        assertThat(scan.starts(r)).as(what).containsExactly(starts.stream().mapToInt(Integer::intValue).toArray());
        assertThat(scan.ends(r)).as(what).containsExactly(ends.stream().mapToInt(Integer::intValue).toArray());
        assertThat(scan.lastEnd(r)).as(what).isEqualTo(ends.isEmpty() ? -1 : ends.last());
        for (int i = 0; i <= c.text().length(); i++) {
          int at = i;
          boolean expected = set.stream().anyMatch(l -> oracle(l).matcher(c.text()).region(at, c.text().length()).lookingAt());
          assertThat(keywords.startsAt(r, c.text(), i)).as("%s at %d", set, i).isEqualTo(expected);
        }
      }
    });
    assertThat(found[0]).as("occurrences found in all cases").isGreaterThan(5_000);
  }

  @Test
  void eachWayOfLookingIsTakenForTheSetsItSuits() {
    // the cases above reach each: single characters, a few words opening with rare characters, the automaton
    Literal paren = new Literal("(", true);
    Literal byReuters = new Literal("(reuters", false);
    Literal told = new Literal("told", true);
    String text = "He told (Reuters) that (AP) was there.";
    for (Set<Literal> set : List.of(Set.of(paren), Set.of(byReuters), Set.of(told, new Literal("said", true)))) {
      assertThat(Keywords.of(List.of(set)).scan(text).occurs(0)).as("%s", set).isTrue();
    }
    assertThat(Keywords.Cost.of(Set.of(paren), 100)).isLessThan(Keywords.Cost.of(Set.of(byReuters), 100));
    assertThat(Keywords.Cost.of(Set.of(byReuters), 100)).isLessThan(Keywords.Cost.of(Set.of(told, new Literal("said", true)), 100));
  }

  @Test
  void aRunOfWhiteSpaceIsOneSpaceOfALiteral() {
    Keywords keywords = Keywords.of(List.of(Set.of(new Literal("as per", true)), Set.of(new Literal("as per", false),
        new Literal("zzz", false), new Literal("yyy", false), new Literal("xxx", false), new Literal("www", false))));
    String text = "as \t\n per, AS  PER, as-per, asper";
    for (int r = 0; r < 2; r++) {
      assertThat(keywords.scan(text).occurs(r)).isTrue();
    }
    assertThat(keywords.scan(text).starts(0)).containsExactly(0);
    assertThat(keywords.scan(text).starts(1)).containsExactly(0, 11);
    assertThat(keywords.scan(text).ends(1)).containsExactly(9, 18);
  }

  /** A regex matching exactly where the literal occurs: each character folded or exact, a space as a run of white space. */
  private static Pattern oracle(Literal l) {
    StringBuilder sb = new StringBuilder();
    for (char c : l.text().toCharArray()) {
      if (c == ' ') {
        sb.append("[ \\t\\n\\x0B\\f\\r]+");
      } else {
        sb.append(l.exact() ? "" : "(?iu:").append(Pattern.quote(String.valueOf(c))).append(l.exact() ? "" : ")");
      }
    }
    return Pattern.compile(sb.toString());
  }

}
