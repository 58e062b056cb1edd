package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage: the named sources a story attributes statements to ("CNN reported", "according to AP")
 * go to provenance; nothing is removed. Immutable.
 */
final class Attributions {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern POSSESSIVE_S = Pattern.compile("['’]s$");
  private static final Pattern CLOSING_PUNCTUATION = Pattern.compile("[.,;:]+$");

  /**
   * A named source the text attributes statements to: {@code pattern} has a group {@code source}.
   * With {@code keywords}, it only looks near them; with {@code matchEndsWithKeyword}, every match
   * ends with one of them, so it looks no further than just past the last; with {@code
   * matchStartsWithKeyword}, every match starts with one of them, and with {@code
   * matchStartsWithCapital} with an upper-case letter opening a word, so it is tried only at such
   * places, by {@code afterOneCharacter} (present with either flag): the pattern behind one
   * character of any kind, so that a {@code \b} or one-character look-behind at its start sees the
   * character before as a search would.
   */
  record Rule(String id, Pattern pattern, Set<String> ignore, List<String> keywords,
      boolean matchEndsWithKeyword, boolean matchStartsWithKeyword, boolean matchStartsWithCapital,
      Optional<Pattern> afterOneCharacter) {

    static Rule of(RuleSpec s, Map<String, List<String>> terms) {
      boolean startsWithKeyword = s.bool("matchStartsWithKeyword", false);
      if (startsWithKeyword && s.strings("keywords").isEmpty()) {
        throw s.problem("field 'matchStartsWithKeyword' needs 'keywords'");
      }
      Pattern pattern = s.requireGroups("pattern", s.pattern("pattern", terms, 0), "source");
      try {
        return of(s.id(), pattern, Set.copyOf(s.strings("ignore")), s.strings("keywords"),
            s.bool("matchEndsWithKeyword", false), startsWithKeyword, s.bool("matchStartsWithCapital", false));
      } catch (java.util.regex.PatternSyntaxException e) { // a pattern that cannot be put in a group, as (?x)…# can not
        throw s.problem("field 'pattern' cannot be wrapped in a group, as matchStartsWith… needs: " + e.getDescription());
      }
    }

    static Rule of(String id, Pattern pattern, Set<String> ignore, List<String> keywords,
        boolean matchEndsWithKeyword, boolean matchStartsWithKeyword, boolean matchStartsWithCapital) {
      Optional<Pattern> afterOneCharacter = matchStartsWithKeyword || matchStartsWithCapital
          ? Optional.of(Pattern.compile("(?s:.)(?:" + pattern.pattern() + ")", pattern.flags()))
          : Optional.empty();
      return new Rule(id, pattern, Set.copyOf(ignore), List.copyOf(keywords),
          matchEndsWithKeyword, matchStartsWithKeyword, matchStartsWithCapital, afterOneCharacter);
    }
  }

  private final List<Rule> rules;
  private final KeywordWindows windows;

  Attributions(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.windows = new KeywordWindows(this.rules.stream()
        .map(a -> new KeywordWindows.Rule(a.keywords(), a.matchEndsWithKeyword())).toList());
  }

  List<Rule> rules() {
    return rules;
  }

  void find(Body body, CallContext call) {
    for (Block b : body.blocks()) {
      List<Found> found = new ArrayList<>();
      List<List<KeywordWindows.Window>> windowsOfRules = windows.of(b.text());
      for (int r = 0; r < rules.size(); r++) {
        Rule rule = rules.get(r);
        for (KeywordWindows.Window window : windowsOfRules.get(r)) {
          if (rule.matchStartsWithKeyword()) {
            findAt(b.text(), rule, window, window.keywordStarts(), found);
          } else if (rule.matchStartsWithCapital()) {
            findAt(b.text(), rule, window, capitalsOpeningWords(b.text(), window), found);
          } else {
            Matcher m = rule.pattern().matcher(b.text()).region(window.start(), window.end());
            while (m.find()) {
              addSource(m, rule, found);
            }
          }
        }
      }
      found.sort(Comparator.comparingInt(Found::offset));
      found.forEach(f -> call.provenance.attribution(f.source()));
    }
  }

  /**
   * What a search of the window finds, for a rule whose every match starts at one of {@code
   * candidates} (increasing): the pattern tried at each after the last match, behind the one
   * character before it (a search in the window sees it too).
   */
  private static void findAt(String text, Rule rule, KeywordWindows.Window window, int[] candidates, List<Found> found) {
    int searchFrom = window.start();
    Matcher afterOne = null; // made at the first candidate after the window's start, then moved to each next
    for (int k : candidates) {
      if (k < searchFrom) {
        continue; // inside the last match: a search goes on after it
      }
      if (k > window.start() && Character.getType(text.charAt(k - 1)) == Character.NON_SPACING_MARK) {
        // \b looks past a combining mark for its base character, further back than one character:
        // search the window (what was found already is found again, and added once)
        Matcher m = rule.pattern().matcher(text).region(window.start(), window.end());
        while (m.find()) {
          addSource(m, rule, found);
        }
        return;
      }
      Matcher m;
      if (k > window.start()) {
        afterOne = afterOne == null ? rule.afterOneCharacter().orElseThrow().matcher(text) : afterOne;
        m = afterOne.region(k - 1, window.end());
      } else {
        m = rule.pattern().matcher(text).region(k, window.end());
      }
      if (m.lookingAt()) {
        addSource(m, rule, found);
        searchFrom = m.end();
      }
    }
  }

  /**
   * Where a match of a rule that starts with a capital may start in the window: at an A–Z or any
   * character from U+0080 up but the second half of a surrogate pair (the test for an upper-case
   * letter is the pattern's), after the window's start or a character that is no ASCII letter or digit.
   */
  private static int[] capitalsOpeningWords(String text, KeywordWindows.Window window) {
    int[] out = new int[8];
    int n = 0;
    for (int i = window.start(); i < window.end(); i++) {
      char c = text.charAt(i);
      if (((c >= 'A' && c <= 'Z') || (c >= 0x80 && !Character.isLowSurrogate(c)))
          && (i == window.start() || !isAsciiLetterOrDigit(text.charAt(i - 1)))) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static void addSource(Matcher m, Rule rule, List<Found> found) {
    Optional<String> source = RuleSpec.group(m, "source").flatMap(s -> cleanSource(s, rule.ignore()));
    if (source.isPresent() && found.stream().noneMatch(f -> f.offset() == m.start("source"))) {
      found.add(new Found(m.start("source"), source.get()));
    }
  }

  private record Found(int offset, String source) {}

  private static Optional<String> cleanSource(String raw, Set<String> ignore) {
    List<String> words = new ArrayList<>(List.of(WHITE_SPACE.split(raw.strip())));
    while (!words.isEmpty() && (words.getFirst().equals("the")
        || (ignore.contains(words.getFirst()) && !words.getFirst().equals("The")))) {
      words.removeFirst();
    }
    if (words.isEmpty()) {
      return Optional.empty();
    }
    if (words.size() > 2 && words.getFirst().equals("The")) { // "The Hindu" stays, "The Washington Post" loses it
      words.removeFirst();
    }
    String s = CLOSING_PUNCTUATION.matcher(POSSESSIVE_S.matcher(String.join(" ", words)).replaceAll("")).replaceAll("");
    return s.isEmpty() || ignore.contains(s) ? Optional.empty() : Optional.of(s);
  }
}
