package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Stage: the named sources a story attributes statements to ("CNN reported", "according to AP")
 * go to provenance; nothing is removed. Immutable.
 */
final class Attributions {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern POSSESSIVE_S = Pattern.compile("['’]s$");
  private static final Pattern CLOSING_PUNCTUATION = Pattern.compile("[.,;:]+$");

  /**
   * A named source the text attributes statements to: every match of {@code pattern} names one in
   * its group {@code source}; leading words in {@code ignore} are dropped from it, and a source that
   * is one of them is not reported.
   */
  record Rule(String id, Pattern pattern, Set<String> ignore) {
    static Rule of(RuleSpec s, Map<String, List<String>> terms) {
      return new Rule(s.id(), s.requireGroups("pattern", s.pattern("pattern", terms, 0), "source"), Set.copyOf(s.strings("ignore")));
    }
  }

  /** Which literals of a rule the stage looks for, and what they tell. */
  private enum Anchor {
    /** Every match starts with one: the pattern is tried where one starts. */
    STARTS,
    /** Every match ends with one: nothing is tried past the last. */
    ENDS,
    /** Every match contains one: a block holding none is skipped. */
    CONTAINS,
    /** None known: every block is searched. */
    NONE
  }

  /**
   * How a rule is tried: the literals of its {@code anchor}, then at the characters its matches
   * start with (when known), within the run of characters a match can hold and the runs of white
   * space it can hold (-1: any number) before the literal it ends with, never between two word
   * characters when it opens with {@code \b}.
   */
  private record Prefilter(Anchor anchor, @Nullable CharSet firstChars, @Nullable CharSet alphabet, int spaceRuns,
      boolean atWordBoundary) {}

  /** Rough length of a block: what a gate is weighed on. */
  private static final int BLOCK_CHARS = 300;

  private final List<Rule> rules;
  /** Per rule, the literals of its {@link Anchor}, found in one pass over a block for all rules. */
  private final Keywords literals;
  private final List<Prefilter> prefilters;

  Attributions(List<Rule> rules, PatternLiterals.Source literalsOf) {
    this.rules = List.copyOf(rules);
    List<@Nullable Set<Literal>> sets = new ArrayList<>();
    List<Prefilter> prefilters = new ArrayList<>();
    for (Rule rule : this.rules) {
      PatternLiterals l = literalsOf.of(rule.pattern());
      Optional<Set<Literal>> starts = l.starts();
      Optional<Set<Literal>> ends = l.ends();
      Optional<Set<Literal>> contains = l.gate(BLOCK_CHARS, BLOCK_CHARS * Keywords.Cost.SEARCH_NANOS_PER_CHAR);
      Anchor anchor = starts.isPresent() ? Anchor.STARTS : ends.isPresent() ? Anchor.ENDS
          : contains.isPresent() ? Anchor.CONTAINS : Anchor.NONE;
      sets.add(starts.or(() -> ends).or(() -> contains).orElse(null));
      prefilters.add(new Prefilter(anchor, l.firstChars().orElse(null), l.alphabet().orElse(null),
          l.maxSpaceRuns().orElse(-1), l.startsAtWordBoundary()));
    }
    this.literals = Keywords.of(sets);
    this.prefilters = List.copyOf(prefilters);
  }

  List<Rule> rules() {
    return rules;
  }

  /**
   * What searching each block with each rule finds ({@link Matcher#find} over the whole block),
   * found by trying each pattern only where its literals allow.
   */
  void find(Body body, CallContext call) {
    for (Block b : body.blocks()) {
      String text = b.text();
      List<Found> found = new ArrayList<>();
      Keywords.Scan scan = literals.scan(text);
      for (int r = 0; r < rules.size(); r++) {
        if (!scan.occurs(r)) {
          continue;
        }
        Rule rule = rules.get(r);
        Prefilter p = prefilters.get(r);
        // an attempt at k sees the text before and after it as a search does
        Matcher m = rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int end = p.anchor() == Anchor.ENDS ? scan.lastEnd(r) : text.length(); // no match ends past the last
        CharSet first = p.firstChars();
        if (p.anchor() == Anchor.STARTS || first != null) {
          int[] candidates = p.anchor() == Anchor.STARTS ? scan.starts(r)
              : p.anchor() == Anchor.ENDS ? startsBefore(text, scan.ends(r), first, p.alphabet(), p.spaceRuns())
              : first.positionsIn(text, 0, end);
          CandidateSearch search = new CandidateSearch(m, text, candidates, end, p.atWordBoundary());
          while (search.find()) {
            addSource(m, rule, found);
          }
        } else {
          m.region(0, end);
          while (m.find()) {
            addSource(m, rule, found);
          }
        }
      }
      found.sort(Comparator.comparingInt(Found::offset));
      found.forEach(f -> call.provenance.attribution(f.source()));
    }
  }

  /**
   * Where a match ending at one of {@code ends} (increasing) may start: at a character of {@code
   * first}, in the run of {@code alphabet}'s characters that ends there (a match holds no other),
   * and after the white space a match cannot reach back over (it holds at most {@code spaceRuns}
   * runs of it; -1: any number).
   */
  private static int[] startsBefore(String text, int[] ends, CharSet first, @Nullable CharSet alphabet, int spaceRuns) {
    int[] out = new int[0];
    int next = Integer.MAX_VALUE; // where the stretch of the end after this one started
    for (int k = ends.length - 1; k >= 0; k--) {
      int end = Math.min(ends[k], next);
      if (end <= 0) {
        break;
      }
      int start = Math.max(alphabet == null ? 0 : alphabet.runStart(text, 0, end), afterSpaceRuns(text, ends[k], spaceRuns));
      int[] found = first.positionsIn(text, start, end);
      int[] merged = new int[found.length + out.length];
      System.arraycopy(found, 0, merged, 0, found.length);
      System.arraycopy(out, 0, merged, found.length, out.length);
      out = merged;
      next = start;
    }
    return out;
  }

  /**
   * The earliest start of a match ending at {@code end} that holds at most {@code runs} runs of
   * white space: just after the run before those ({@code 0} for any number, or too few runs).
   */
  private static int afterSpaceRuns(String text, int end, int runs) {
    if (runs < 0) {
      return 0;
    }
    int i = end;
    for (int seen = 0; i > 0; ) {
      if (Literal.isSpace(text.charAt(i - 1))) {
        if (++seen > runs) {
          return i; // a match starting before this run would hold one run too many
        }
        while (i > 0 && Literal.isSpace(text.charAt(i - 1))) {
          i--;
        }
      } else {
        i--;
      }
    }
    return 0;
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
